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
