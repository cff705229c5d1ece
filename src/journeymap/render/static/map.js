/* journeymap map page: the language switch for built-in labels. The page is complete without
   this script (labels are rendered in the default language on the server). */
(function () {
  "use strict";

  function setLanguage(root, lang) {
    root.querySelectorAll("[data-l10n]").forEach(function (node) {
      var text = node.getAttribute("data-" + lang);
      if (text !== null) {
        node.textContent = text;
      }
    });
    root.setAttribute("lang", lang);
    root.setAttribute("data-lang", lang);
    root.querySelectorAll(".jm-lang-switch button").forEach(function (button) {
      var pressed = button.getAttribute("data-set-lang") === lang;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
    });
  }

  document.querySelectorAll(".jm-map.jm-no-js").forEach(function (root) {
    root.classList.remove("jm-no-js");
    root.querySelectorAll(".jm-lang-switch button").forEach(function (button) {
      button.addEventListener("click", function () {
        setLanguage(root, button.getAttribute("data-set-lang"));
      });
    });
  });
})();
