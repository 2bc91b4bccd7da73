// Forms marked data-autosubmit send themselves when a control changes (the Balkan
// switches), instead of an inline onchange handler, which a strict CSP forbids.
(function () {
  "use strict";
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function () {
      form.submit();
    });
  });
})();
