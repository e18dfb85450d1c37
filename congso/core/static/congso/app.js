// Send the CSRF token with every HTMX request (the token is in <meta name="csrf-token">).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
});

// Behaviour that would otherwise be inline handlers (the Content-Security-Policy allows no inline script):
// a <select data-autosubmit> submits its form when changed; a <form data-apply-form="/prefix/"> goes to
// /prefix/<chosen code>/ instead of submitting.
document.addEventListener("change", function (event) {
  if (event.target.matches && event.target.matches("select[data-autosubmit]")) { event.target.form.submit(); }
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.applyForm) {
    event.preventDefault();
    location.href = form.dataset.applyForm + encodeURIComponent(form.elements.code.value) + "/";
  }
});

// A form posted twice (a double click, an impatient Enter) acts once: the second submit is dropped and the buttons
// show that the first is under way. Buttons are disabled after the event, so the clicked one still sends its value.
// The services refuse a stale version anyway (docs/ui.md); this spares the user the message.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") { return; }
  if (form.dataset.submitting) { event.preventDefault(); return; }
  form.dataset.submitting = "1";
  form.setAttribute("aria-busy", "true");
  setTimeout(function () {
    form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(function (b) {
      b.disabled = true;
    });
  }, 0);
});
// A page brought back from the browser's cache (Back) is usable again.
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) { return; }
  document.querySelectorAll("form[data-submitting]").forEach(function (form) {
    delete form.dataset.submitting;
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button, input[type=submit]").forEach(function (b) { b.disabled = false; });
  });
});

// The design system's two enhanced controls (docs/ui.md), both from npm packages served by the platform itself:
// - a searchable select (Tom Select) for every multiple choice and every list longer than 12 options, or marked
//   data-cs-search; it folds Vietnamese as it matches ("phong" finds "Phòng", "d" finds "đ"), keeps the optgroups
//   (Units / People) and is used with the keyboard alone (type, arrows, Enter, Backspace). data-cs-plain opts out.
// - a date picker (flatpickr) on each dd/mm/yyyy box (data-cs-date): typing still works, the calendar is in the
//   page's language, Monday first.
// Without JavaScript both stay the plain controls they enhance, and the server validates either way.
function csWords() {
  var node = document.getElementById("cs-words");
  try { return node ? JSON.parse(node.textContent) : {}; } catch (e) { return {}; }
}
function csEnhance(root) {
  var words = csWords();
  if (window.TomSelect) {
    root.querySelectorAll("select").forEach(function (select) {
      if (select.tomselect || "csPlain" in select.dataset || select.closest("[data-cs-plain]")) { return; }
      if (!(select.multiple || select.options.length > 12 || "csSearch" in select.dataset)) { return; }
      var options = {
        maxOptions: null,
        hidePlaceholder: true,
        placeholder: words.search,
        render: {
          no_results: function () {
            var div = document.createElement("div");
            div.className = "no-results";
            div.textContent = words.no_results || "";
            return div;
          }
        }
      };
      if (select.multiple) {
        options.plugins = { remove_button: { title: words.remove } };
        options.clearAfterSelect = true;  // the next name is typed into an empty box
      }
      // Tom Select points the <label> at its own box; the hidden original keeps its name through aria-labelledby.
      var label = select.labels && select.labels[0];
      if (label) {
        label.id = label.id || select.id + "-label";
        select.setAttribute("aria-labelledby", label.id);
      }
      new window.TomSelect(select, options);
    });
  }
  if (window.flatpickr) {
    var lang = document.documentElement.lang;
    var locale = (lang === "vi" && window.flatpickr.l10ns.vn) || (lang === "fr" && window.flatpickr.l10ns.fr);
    root.querySelectorAll("input[data-cs-date]").forEach(function (input) {
      if (input._flatpickr) { return; }
      window.flatpickr(input, {
        dateFormat: "d/m/Y",
        allowInput: true,
        disableMobile: true,
        locale: Object.assign({}, locale || {}, { firstDayOfWeek: 1 })
      });
    });
  }
}
document.addEventListener("DOMContentLoaded", function () { csEnhance(document); });
document.addEventListener("htmx:load", function (event) { csEnhance(event.target); });

// Uploads: while a form with files is being sent, say so — how many files, how large — with a moving bar, so that a
// slow connection is not mistaken for a dead button (the server checks each file when it arrives: docs/ui.md).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || !form.querySelector || form.dataset.uploadShown) { return; }
  var files = [];
  form.querySelectorAll("input[type=file]").forEach(function (input) {
    Array.prototype.push.apply(files, input.files || []);
  });
  if (!files.length) { return; }
  var bytes = files.reduce(function (sum, f) { return sum + f.size; }, 0);
  var words = csWords();
  var size = bytes >= 1048576 ? (bytes / 1048576).toFixed(1).replace(".", ",") + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  var box = document.createElement("div");
  box.className = "cs-upload mt-2";
  box.setAttribute("role", "status");
  box.dataset.testid = "upload-progress";
  box.textContent = (words.uploading || "").replace("{n}", files.length).replace("{size}", size);
  var bar = document.createElement("div");
  bar.className = "progress mt-1";
  var moving = document.createElement("div");
  moving.className = "progress-bar progress-bar-striped progress-bar-animated w-100";
  bar.appendChild(moving);
  box.appendChild(bar);
  form.appendChild(box);
  form.dataset.uploadShown = "1";
});
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) { return; }
  document.querySelectorAll(".cs-upload").forEach(function (box) { box.remove(); });
  document.querySelectorAll("form[data-upload-shown]").forEach(function (form) { delete form.dataset.uploadShown; });
});
