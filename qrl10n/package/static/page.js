/* A page of a SCO: tells the SCO (the frame around it) which page the learner is on, and on
   the certificate shows the learner's name the LMS gives and today's date in the page's
   language. Opened on its own, it says that progress is not recorded. */
(function () {
  "use strict";

  var page = window.location.pathname.split("/").pop();
  var framed = window.parent && window.parent !== window;

  function showNotice() {
    var notice = document.getElementById("not-recorded");
    if (notice) { notice.hidden = false; }
  }

  /* SCORM gives "Family, Given": shown as the page's language writes names. */
  function displayName(name, order) {
    var comma = name.indexOf(",");
    if (comma < 0) { return name.trim(); }
    var family = name.slice(0, comma).trim();
    var given = name.slice(comma + 1).trim();
    return (order === "family-first" ? [family, given] : [given, family]).filter(Boolean).join(" ");
  }

  function fillCertificate(name) {
    var main = document.querySelector("main.certificate");
    if (!main) { return; }
    var lang = document.documentElement.lang;
    var today = new Intl.DateTimeFormat(lang, {year: "numeric", month: "long", day: "numeric"}).format(new Date());
    main.querySelectorAll(".certificate-date").forEach(function (el) { el.textContent = today; });
    if (name) {
      var shown = displayName(name, main.getAttribute("data-name-order"));
      main.querySelectorAll(".certificate-learner-name").forEach(function (el) { el.textContent = shown; });
    }
  }

  /* A link out of the course opens beside it, so the module (and the LMS session) stays open. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (framed && link && link.protocol.indexOf("http") === 0 && link.origin !== window.location.origin) {
      link.target = "_blank";
      link.rel = "noopener";
    }
  });

  if (!framed) {
    showNotice();
    fillCertificate("");
    return;
  }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== window.parent || !data || data.type !== "qrl10n-learner") { return; }
    fillCertificate(String(data.name || ""));
  });
  window.parent.postMessage({type: "qrl10n-page", page: page}, "*");
}());
