// Submit a filter form as soon as one of its [data-autosubmit] controls changes
// (the Balkan switches of the region pages); the form keeps a <noscript> button.
document.querySelectorAll("[data-autosubmit]").forEach(function (control) {
  control.addEventListener("change", function () { control.form.submit(); });
});
