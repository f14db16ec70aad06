// Clicking [n] in the chat opens its card in the side panel; the link's own
// navigation is cancelled so Gradio never opens it as a page.
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#nd-source-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const card = document.getElementById(link.getAttribute('href').slice(1));
    if (!card) return;
    const earlier = card.closest('details');
    if (earlier) earlier.open = true;
    card.scrollIntoView({behavior: 'smooth', block: 'nearest'});
    document.querySelectorAll('.nd-card.nd-flash').forEach((c) => c.classList.remove('nd-flash'));
    card.classList.add('nd-flash');
    card.focus({preventScroll: true});
  }, true);
}
