// promo's only script besides htmx. No inline handlers: the CSP forbids them.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm destructive actions marked with data-confirm.
  document.body.addEventListener("submit", (event) => {
    const message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
  // Print buttons on print-ready pages.
  document.body.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
  });
});
