// A page opened from a file (file://, a double-click on an exported index.html) can neither run its modules (Chromium
// refuses them) nor fetch the model and the points (no browser fetches file: URLs), and it would say "Loading…"
// forever. This classic script, which runs there, says why and what to do instead; app.js, where a browser does run
// it from file://, leaves the page to it. (A page that carries its model, atlas export MODEL page.html, has no such
// script: it runs from a file.)
if (location.protocol === 'file:') {
  addEventListener('DOMContentLoaded', () => {
    document.body.dataset.state = 'error';
    document.getElementById('model-title').textContent = 'No model loaded';
    const status = document.getElementById('status');
    status.className = 'status error';
    status.textContent = 'This page was opened as a file, and browsers load neither its scripts nor its model file'
      + ' from file:// addresses. Serve its folder over HTTP instead: run "python3 -m http.server --bind 127.0.0.1"'
      + ' in the folder and open http://127.0.0.1:8000/, or put the folder on any static web host (GitHub Pages, for one).'
      + ' README.txt beside this page says the same.';
  });
}
