// Tributary console: live progress of running jobs. Polls /console/jobs/{id}/progress every second
// while a job runs; no framework, nothing fetched from elsewhere (CSP default-src 'self').
(function () {
  'use strict';
  function follow(id) {
    var bars = document.querySelectorAll('progress[data-job="' + id + '"]');
    var texts = document.querySelectorAll('[data-job-text="' + id + '"]');
    var states = document.querySelectorAll('[data-job-status="' + id + '"]');
    function poll() {
      fetch('/console/jobs/' + id + '/progress', { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (p) {
          bars.forEach(function (b) { b.max = Math.max(p.total, 1); b.value = p.finished ? b.max : p.done; b.textContent = p.percent + '%'; });
          texts.forEach(function (t) { t.textContent = p.done + '/' + p.total + ' (' + p.percent + '%)'; });
          states.forEach(function (s) { s.textContent = p.status; });
          if (p.finished) {
            document.body.dataset.jobFinished = String(id);
          } else {
            setTimeout(poll, 1000);
          }
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    poll();
  }
  document.addEventListener('DOMContentLoaded', function () {
    var seen = {};
    // every job not finished when the page was made: queued ones too, which start within seconds
    document.querySelectorAll('[data-job-live]').forEach(function (el) {
      var id = el.getAttribute('data-job-status');
      if (!seen[id]) {
        seen[id] = true;
        follow(id);
      }
    });
  });
})();
