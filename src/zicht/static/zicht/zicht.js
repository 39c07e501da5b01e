/* Zicht: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  function focusErrorSummary() {
    // After a failed submit, move focus to the error summary so keyboard and screen
    // reader users land on the list of problems (GOV.UK / NL Design System practice).
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
  // htmx swaps that bring an error summary along get the same treatment.
  document.addEventListener("htmx:afterSwap", focusErrorSummary);
})();
