// promo's only script besides htmx. No inline handlers: the CSP forbids them.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm destructive actions marked with data-confirm.
  document.body.addEventListener("submit", (event) => {
    const message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Quick capture: a <datalist> only completes the whole value, so offer each
  // "#criterion" appended to what is typed so far when the last word starts with "#".
  document.body.addEventListener("input", (event) => {
    const input = event.target;
    if (input.id !== "capture-line" || !input.list) return;
    const match = input.value.match(/(^|\s)#[\w-]*$/);
    const prefix = match ? input.value.slice(0, match.index + match[1].length) : "";
    for (const option of input.list.options) {
      if (option.dataset.slug) option.value = prefix + "#" + option.dataset.slug;
    }
  });
});
