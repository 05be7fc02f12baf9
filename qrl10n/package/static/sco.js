/* A SCO of the course: finds the LMS's SCORM 1.2 API, shows the module's pages in a frame,
   keeps the learner's place in cmi.core.lesson_location and marks the module completed on its
   last page. Without an LMS the pages still work and a notice says progress is not recorded. */
(function () {
  "use strict";

  function findIn(win) {
    for (var hops = 0; win && hops < 500; hops++) {
      try {
        if (win.API) { return win.API; }
      } catch (e) { return null; }  /* a frame of another origin: the search ends there */
      if (!win.parent || win.parent === win) { return null; }
      win = win.parent;
    }
    return null;
  }

  function findAPI() {
    var api = findIn(window);
    if (!api && window.opener) { api = findIn(window.opener); }
    return api;
  }

  var frame = document.getElementById("sco-page");
  var folder = frame.getAttribute("data-folder");
  var pages = JSON.parse(frame.getAttribute("data-pages"));
  var api = findAPI();
  var started = !!api && String(api.LMSInitialize("")) === "true";
  var finished = false;
  var learner = "";
  var resume = "";
  var replyTo = window.location.origin && window.location.origin !== "null" ? window.location.origin : "*";

  if (started) {
    learner = String(api.LMSGetValue("cmi.core.student_name") || "");
    resume = String(api.LMSGetValue("cmi.core.lesson_location") || "");
    if (String(api.LMSGetValue("cmi.core.lesson_status")) === "not attempted") {
      api.LMSSetValue("cmi.core.lesson_status", "incomplete");
    }
  } else {
    document.getElementById("not-recorded").hidden = false;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== frame.contentWindow || !data || data.type !== "qrl10n-page") { return; }
    if (pages.indexOf(data.page) < 0) { return; }
    if (started && !finished) {
      api.LMSSetValue("cmi.core.lesson_location", data.page);
      if (data.page === pages[pages.length - 1]) {
        api.LMSSetValue("cmi.core.lesson_status", "completed");
      }
      api.LMSCommit("");
    }
    event.source.postMessage({type: "qrl10n-learner", name: learner, recorded: started}, replyTo);
  });

  function finish() {
    if (started && !finished) {
      finished = true;
      api.LMSCommit("");
      api.LMSFinish("");
    }
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);

  frame.src = folder + "/" + (pages.indexOf(resume) >= 0 ? resume : pages[0]);
}());
