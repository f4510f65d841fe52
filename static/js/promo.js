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
  // Review rounds: selecting text in a section fills the new thread's passage fields.
  document.body.addEventListener("mouseup", (event) => {
    const section = event.target.closest("[data-section-key]");
    const quote = document.getElementById("id_quote");
    if (!section || !quote) return;
    const text = window.getSelection().toString().trim();
    if (text.length < 3) return;
    quote.value = text;
    document.getElementById("id_section").value = section.dataset.sectionKey;
    document.getElementById("id_kind").value = "passage";
  });
  // Print buttons on print-ready pages.
  document.body.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
  });
});
