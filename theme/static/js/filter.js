/* Filters a listing in place by several values at once (an enhancement: without JavaScript
   the form stays hidden and the links to each value's own page do the filtering).
   The list items carry their values in data-* attributes named like the form's selects. */
(function () {
  "use strict";

  function setUp(form) {
    var list = document.getElementById(form.getAttribute("data-filter-target"));
    if (!list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll("li.card"));
    var groups = Array.prototype.slice.call(list.querySelectorAll("section.group"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var status = form.querySelector(".filter-status");
    var template = status ? status.getAttribute("data-template") : "";
    var params = new URLSearchParams(window.location.search);

    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
        select.value = wanted;
      }
    });

    function matches(item) {
      return selects.every(function (select) {
        if (!select.value) return true;
        var values = (item.getAttribute("data-" + select.name) || "").split(" ");
        return values.indexOf(select.value) !== -1;
      });
    }

    // Counted by item, not by card: a recurring event has a card in each of its months.
    var total = distinct(items);

    function distinct(cards) {
      var seen = {};
      cards.forEach(function (card) { seen[card.getAttribute("data-item")] = true; });
      return Object.keys(seen).length;
    }

    function apply(remember) {
      var shown = items.filter(function (item) {
        var show = matches(item);
        item.hidden = !show;
        return show;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("li.card:not([hidden])");
        // The month's link in the index of months goes with it.
        var id = group.getAttribute("aria-labelledby");
        var link = id && document.querySelector('a[href="#' + id + '"]');
        if (link && link.parentNode) link.parentNode.hidden = group.hidden;
      });
      if (status) {
        status.textContent = template
          .replace("{shown}", String(distinct(shown)))
          .replace("{total}", String(total));
      }
      if (remember) {
        var query = new URLSearchParams();
        selects.forEach(function (select) {
          if (select.value) query.set(select.name, select.value);
        });
        var search = query.toString();
        window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
      }
    }

    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { apply(true); }, 0);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply(false);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.filter-form"), setUp);
})();
