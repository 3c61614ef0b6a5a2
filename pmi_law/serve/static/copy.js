// "Salin sitasi": copies the citation when the browser allows it; without JavaScript the
// citation stays in the visible read-only field next to the button.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".copy-button").forEach(function (button) {
    var box = button.closest(".copy");
    var status = box.querySelector(".copy-status");
    var field = box.querySelector(".citation-text");
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-citation");
      var done = function () { status.textContent = "Disalin: " + text; };
      var fallback = function () {
        field.focus();
        field.select();
        status.textContent = document.execCommand && document.execCommand("copy")
          ? "Disalin: " + text : "Tekan Ctrl+C untuk menyalin";
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
});
