// "Copy answer as Markdown": the clipboard where the page may use it, else a text area.
(text) => {
  const done = () => {
    const button = document.querySelector('#nd-copy');
    if (!button) return;
    const label = button.textContent;
    button.textContent = text ? 'Copied ✓' : 'Nothing to copy yet';
    setTimeout(() => { button.textContent = label; }, 1500);
  };
  if (!text) { done(); return []; }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, done);
  } else {
    const area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
    done();
  }
  return [];
}
