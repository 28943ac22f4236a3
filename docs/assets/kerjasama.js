/* Register Kerja Sama Daerah: progressive enhancement of the catalogue tables.
 *
 * Without JavaScript every table is complete and readable. With it:
 * - tables with class "ks-sortable" sort by column (vendored tablesort; a cell's data-sort is its key);
 * - a form with data-ks-filter="<table id>" filters the rows of that table by the rows' data-*
 *   attributes (one <select data-filter="x"> per attribute data-x, values separated by spaces)
 *   and by free text; the state is kept in the address (?mitra=...&status=...) so it can be shared;
 * - the Cari page's #ks-cari gets Pagefind's search box (pagefind/pagefind-ui.js, written by the
 *   build), in Indonesian, starting with ?q=... when the address has it.
 */
(function () {
  "use strict";

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  function setupSort(table) {
    if (typeof window.Tablesort !== "function" || table.hasAttribute("data-ks-sort-ready")) {
      return;
    }
    table.setAttribute("data-ks-sort-ready", "");
    new window.Tablesort(table);
  }

  function readQuery(form) {
    if (!window.URLSearchParams) {
      return;
    }
    var params = new URLSearchParams(window.location.search);
    var active = false;
    each(form.elements, function (field) {
      if (field.name && params.has(field.name)) {
        field.value = params.get(field.name);
        active = active || Boolean(field.value);
      }
    });
    var box = form.querySelector("details");
    if (active && box) {
      box.open = true; // show which filters the shared address applied
    }
  }

  function writeQuery(form) {
    if (!window.URLSearchParams || !window.history || !window.history.replaceState) {
      return;
    }
    var params = new URLSearchParams();
    each(form.elements, function (field) {
      if (field.name && field.value) {
        params.set(field.name, field.value);
      }
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function setupFilter(form) {
    var table = document.getElementById(form.getAttribute("data-ks-filter"));
    if (!table || !table.tBodies.length || form.hasAttribute("data-ks-filter-ready")) {
      return;
    }
    form.setAttribute("data-ks-filter-ready", "");
    var rows = table.tBodies[0].rows;
    var selects = form.querySelectorAll("select[data-filter]");
    var text = form.querySelector("input[data-filter-text]");
    var count = form.querySelector("[data-filter-count]");

    function matches(row) {
      var ok = true;
      each(selects, function (select) {
        if (ok && select.value) {
          var values = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
          ok = values.indexOf(select.value) !== -1;
        }
      });
      var needle = text ? text.value.trim().toLowerCase() : "";
      return ok && (!needle || row.textContent.toLowerCase().indexOf(needle) !== -1);
    }

    function apply() {
      var shown = 0;
      each(rows, function (row) {
        var ok = matches(row);
        row.hidden = !ok;
        if (ok) {
          shown += 1;
        }
      });
      if (count) {
        count.textContent = shown + " dari " + rows.length + " naskah ditampilkan";
      }
      writeQuery(form);
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.addEventListener("reset", function () {
      window.setTimeout(apply, 0);
    });
    readQuery(form);
    form.hidden = false;
    apply();
  }

  function setupSearch(el) {
    if (typeof window.PagefindUI !== "function" || el.hasAttribute("data-ks-search-ready")) {
      return;
    }
    el.setAttribute("data-ks-search-ready", "");
    // Result links relative to the site's root, which is one level above the Cari page
    // (the site may be published under a sub-path).
    var base = new URL("../", window.location.href).pathname;
    // A large register's agreement pages are indexed in bundles of their own, which the build
    // names on the search box (generator/site/search.py): Pagefind merges them into the main one.
    var bundles = (el.getAttribute("data-ks-bundles") || "").split(" ").filter(Boolean);
    var ui = new window.PagefindUI({
      element: "#" + el.id,
      baseUrl: base,
      mergeIndex: bundles.map(function (path) {
        return { bundlePath: new URL(path, window.location.href).pathname, baseUrl: base };
      }),
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      translations: { placeholder: "Cari judul, mitra, urusan, perangkat daerah, isi naskah" }
    });
    var query = window.URLSearchParams ? new URLSearchParams(window.location.search).get("q") : null;
    if (query) {
      ui.triggerSearch(query);
    }
  }

  function init() {
    each(document.querySelectorAll("[data-ks-js]"), function (el) {
      el.hidden = false; // text that is only true when this script runs
    });
    each(document.querySelectorAll("table.ks-sortable"), setupSort);
    each(document.querySelectorAll("form[data-ks-filter]"), setupFilter);
    each(document.querySelectorAll("#ks-cari"), setupSearch);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); // Material for MkDocs: runs again after instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
