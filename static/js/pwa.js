// Registers promo's service worker (served at /sw.js, scope: the whole site) so the app
// can be installed and chosen in a phone's Share sheet. Kept out of the page: the CSP
// allows no inline script.
if ("serviceWorker" in navigator && window.isSecureContext) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // An unsupported or blocked worker only means no install; every page still works.
    });
  });
}

// A bookmarklet link runs on other sites' pages; clicked here, our CSP would refuse it.
// Say what to do with it instead.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-bookmarklet]");
  if (!link) return;
  event.preventDefault();
  const hint = document.getElementById(link.dataset.bookmarklet);
  if (hint) hint.hidden = false;
});
