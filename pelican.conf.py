"""Pelican settings of the NGO platform (loaded by path: `pelican content -s pelican.conf.py`)."""

import os
import sys

from jinja2 import FileSystemBytecodeCache

# The plugins import the domain core `ngo` from plugins/.
PROJECT_ROOT = os.path.dirname(os.path.abspath(__file__))
if os.path.join(PROJECT_ROOT, "plugins") not in sys.path:
    sys.path.insert(0, os.path.join(PROJECT_ROOT, "plugins"))

SITENAME = "Ķekavas novada NVO platforma"
SITENAME_EN = "Ķekava Municipality NGO Platform"
# The production address; a preview build may set SITEURL="" (the feeds' UIDs use UID_DOMAIN).
SITEURL = os.environ.get("SITEURL", "")
UID_DOMAIN = os.environ.get("UID_DOMAIN", "nvo.kekava.example")
REPOSITORY_URL = os.environ.get("REPOSITORY_URL", "https://github.com/example/kekava-nvo")
# "Edit this page" links: REPOSITORY_URL/blob/main/<CONTENT_EDIT_PREFIX><file>. A preview of
# another content folder sets its place in the repository here.
CONTENT_EDIT_PREFIX = os.environ.get("CONTENT_EDIT_PREFIX", "content/")
# The organiser prefilled in the site-wide "Add an event" form (an organisation slug).
PLATFORM_ORGANIZATION = "nvo-platforma"

TIMEZONE = "Europe/Riga"
DEFAULT_LANG = "lv"
LANGUAGES = ("lv", "en")
DEFAULT_EVENT_DURATION = 2  # hours, for a timed event without `end`
CLASH_HORIZON_DAYS = 365
ICS_PAST_DAYS = 365

PATH = "content"
THEME = os.path.join(PROJECT_ROOT, "theme")
PLUGIN_PATHS = [os.path.join(PROJECT_ROOT, "plugins")]
PLUGINS = ["ngo_content", "ngo_site", "ngo_clashes", "ngo_feeds"]

# Pelican reads only pages and news; organisations, places and events belong to our generators.
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
ARTICLE_EXCLUDES = []
PAGE_EXCLUDES = []
READERS = {"html": None}

ARTICLE_URL = "zinas/{slug}/"
ARTICLE_SAVE_AS = "zinas/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/news/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/news/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
ARTICLE_TRANSLATION_ID = "slug"
PAGE_TRANSLATION_ID = "slug"

# The URLs above must agree with plugins/ngo/urls.py ("article", "page"), which the theme
# uses for the language switch; the news listings and their feeds are written by ngo_site.
# No author, tag or category pages: the platform's own listings replace them.
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = []
DEFAULT_PAGINATION = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
SLUGIFY_SOURCE = "basename"

# Autoescape must stay on: every plain-text field a contributor writes is escaped in HTML.
# Only already sanitised HTML (Markdown bodies through ngo.markup) is marked safe.
# Compiled templates are kept (by their source's checksum) in the user's temporary folder:
# every generator, every build and every `make serve` rebuild would compile them again.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "bytecode_cache": FileSystemBytecodeCache(),
}
