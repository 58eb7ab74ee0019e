(function () {
  'use strict';

  // Copy buttons: the clipboard API may be refused (file:// pages, permissions): then select the
  // text so the reader can press Ctrl+C, and never throw.
  function selectText(el) {
    const range = document.createRange();
    range.selectNodeContents(el);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function markCopied(button) {
    button.classList.add('copied');
    button.textContent = 'copied';
    setTimeout(() => { button.classList.remove('copied'); button.textContent = 'copy'; }, 1500);
  }
  document.addEventListener('click', (event) => {
    const button = event.target.closest('button.copy');
    if (!button) {
      return;
    }
    const text = button.getAttribute('data-copy');
    const code = button.parentElement.querySelector('.file-line');
    const fallback = () => {
      if (code) {
        selectText(code);
      }
      try {
        if (document.execCommand('copy')) {
          markCopied(button);
        }
      } catch (e) {
        // selection stays, the reader copies by hand
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(() => markCopied(button), fallback);
    } else {
      fallback();
    }
  });

  // The flame graph lives in an iframe: make it as tall as its page, also after zoom or flip.
  const frame = document.getElementById('flamegraph-frame');
  if (frame) {
    const fit = () => {
      const doc = frame.contentDocument;
      if (doc && doc.documentElement) {
        frame.style.height = Math.max(420, doc.documentElement.scrollHeight + 4) + 'px';
      }
    };
    frame.addEventListener('load', () => {
      fit();
      // zoom and flip redraw on click; no ResizeObserver, whose loop warnings count as page errors
      if (frame.contentDocument) {
        frame.contentDocument.addEventListener('click', () => setTimeout(fit, 50));
      }
    });
  }

  // For tests and for whoever embeds the page: the headline as the page shows it.
  window.pyrometerReport = Object.freeze({
    headline() {
      const h = document.getElementById('headline');
      return h ? { title: h.querySelector('.title').textContent, visible: h.getBoundingClientRect().height > 0 } : null;
    },
    flamegraph() {
      return frame && frame.contentWindow ? frame.contentWindow.flamegraph : undefined;
    },
  });
})();
