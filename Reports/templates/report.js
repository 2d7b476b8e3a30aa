// The HTML report's filters, inlined in the page: by level, rule and path, grouped by rule or by
// file. The state lives in the address's fragment (#level=error,warning&rule=ID&path=TEXT&group=file),
// so a filtered view can be linked to, and the page needs nothing from the network.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var levels = ["error", "warning", "note"];
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".group"));
  var views = Array.prototype.slice.call(document.querySelectorAll(".view"));
  var shownCount = document.getElementById("shown-count");
  var noMatch = document.getElementById("no-match");
  var suppressed = document.getElementById("suppressed");
  groups.forEach(function (group) {
    var count = group.querySelector(".group-count");
    if (count) count.setAttribute("data-label", count.textContent);
  });

  function fromFragment() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var chosen = [];
    params.getAll("level").forEach(function (value) {
      value.split(",").forEach(function (level) {
        if (levels.indexOf(level) >= 0 && chosen.indexOf(level) < 0) chosen.push(level);
      });
    });
    return {
      levels: params.has("level") ? chosen : levels.slice(),
      rule: params.get("rule") || "",
      path: params.get("path") || "",
      group: params.get("group") === "file" ? "file" : "rule"
    };
  }

  function fromForm() {
    var chosen = [];
    form.querySelectorAll('input[name="level"]').forEach(function (box) {
      if (box.checked) chosen.push(box.value);
    });
    var group = form.querySelector('input[name="group"]:checked');
    return {
      levels: chosen,
      rule: form.elements.rule.value,
      path: form.elements.path.value,
      group: group && group.value === "file" ? "file" : "rule"
    };
  }

  function toForm(state) {
    form.querySelectorAll('input[name="level"]').forEach(function (box) {
      box.checked = state.levels.indexOf(box.value) >= 0;
    });
    var select = form.elements.rule;
    select.value = state.rule;
    if (select.value !== state.rule) {
      // A rule without findings in this report: offer it, so the filter is visible and undoable.
      var option = document.createElement("option");
      option.value = state.rule;
      option.textContent = state.rule + " (0)";
      select.appendChild(option);
      select.value = state.rule;
    }
    form.elements.path.value = state.path;
    form.querySelectorAll('input[name="group"]').forEach(function (radio) {
      radio.checked = radio.value === state.group;
    });
  }

  function toFragment(state) {
    var parts = [];
    if (state.levels.length !== levels.length) parts.push("level=" + state.levels.join(","));
    if (state.rule) parts.push("rule=" + encodeURIComponent(state.rule));
    if (state.path) parts.push("path=" + encodeURIComponent(state.path));
    if (state.group !== "rule") parts.push("group=" + state.group);
    var address = window.location.href.split("#")[0] + (parts.length ? "#" + parts.join("&") : "");
    try {
      window.history.replaceState(null, "", address);
    } catch (error) {
      // Some browsers refuse history changes on file: pages; the filters still work.
    }
  }

  function apply(state) {
    var path = state.path.toLowerCase();
    var perLevel = { error: 0, warning: 0, note: 0 };
    var shown = 0;
    findings.forEach(function (item) {
      var view = item.closest(".view");
      var active = !view || view.getAttribute("data-view") === state.group;
      var matches = (!state.rule || item.getAttribute("data-rule") === state.rule) &&
        (!path || item.getAttribute("data-path").toLowerCase().indexOf(path) >= 0);
      var level = item.getAttribute("data-level");
      var visible = matches && state.levels.indexOf(level) >= 0;
      item.hidden = !visible;
      if (view && active) {
        if (matches && perLevel[level] !== undefined) perLevel[level] += 1;
        if (visible) shown += 1;
      }
    });
    groups.forEach(function (group) {
      var total = group.querySelectorAll(".finding").length;
      var visible = group.querySelectorAll(".finding:not([hidden])").length;
      var count = group.querySelector(".group-count");
      if (count) {
        count.textContent = visible === total ? count.getAttribute("data-label") : visible + " of " + total + " shown";
      }
      group.hidden = visible === 0;
    });
    views.forEach(function (view) {
      view.hidden = view.getAttribute("data-view") !== state.group;
    });
    if (suppressed) suppressed.hidden = suppressed.querySelectorAll(".finding:not([hidden])").length === 0;
    document.querySelectorAll(".level-count").forEach(function (count) {
      count.textContent = String(perLevel[count.getAttribute("data-level")]);
    });
    shownCount.textContent = String(shown);
    noMatch.hidden = shown !== 0;
  }

  form.addEventListener("input", function () {
    var state = fromForm();
    apply(state);
    toFragment(state);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  window.addEventListener("hashchange", function () {
    var state = fromFragment();
    toForm(state);
    apply(state);
  });
  var initial = fromFragment();
  toForm(initial);
  apply(initial);
})();
