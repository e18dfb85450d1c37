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
