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
  // Review rounds: the new-thread form opens beside what it is about. Selecting text in
  // a section (mouse or keyboard) quotes it; "Comment on this section" anchors to the
  // section. Without JavaScript the link goes to the form at the end, section chosen.
  const composer = document.getElementById("new-thread");
  const openComposer = (key, quote) => {
    const slot = document.querySelector(`[data-compose-for="${CSS.escape(key)}"]`);
    if (!composer || !slot) return;
    if (composer.parentElement !== slot) slot.appendChild(composer);
    composer.classList.add("beside");
    document.getElementById("id_section").value = key;
    document.getElementById("id_kind").value = quote ? "passage" : "section";
    document.getElementById("id_quote").value = quote || "";
    composer.scrollIntoView({ block: "nearest" });
  };
  const bodyOf = (node) => {
    const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    return element && element.closest(".doc-body");
  };
  const quoteSelection = () => {
    const selection = window.getSelection();
    const body = bodyOf(selection.anchorNode);
    if (!composer || !body || body !== bodyOf(selection.focusNode)) return;
    const section = body.closest("[data-section-key]");
    const text = selection.toString().trim();
    if (section && text.length >= 3) openComposer(section.dataset.sectionKey, text);
  };
  document.body.addEventListener("mouseup", quoteSelection);
  document.body.addEventListener("keyup", (event) => {
    if (event.shiftKey || event.key === "Shift") quoteSelection();
  });
  document.body.addEventListener("click", (event) => {
    const link = event.target.closest("[data-comment-on]");
    if (!link || !composer) return;
    event.preventDefault();
    openComposer(link.dataset.commentOn, "");
    document.getElementById("id_body").focus();
  });
  // A refused thread keeps its typing; put it back beside its section.
  if (composer && composer.querySelector(".errorlist")) {
    const key = document.getElementById("id_section").value;
    const slot = document.querySelector(`[data-compose-for="${CSS.escape(key)}"]`);
    if (slot) {
      slot.appendChild(composer);
      composer.classList.add("beside");
    }
  }
  // Pickers (promo/web/widgets.py): a filter box over a list of checkboxes, and a line
  // naming what is chosen. Checked options always stay in view.
  document.querySelectorAll("div.picker").forEach((list) => {
    const legend = list.closest("fieldset") && list.closest("fieldset").querySelector("legend");
    const name = legend ? legend.textContent.trim() : "options";
    const options = [...list.children];
    const filter = document.createElement("input");
    filter.type = "search";
    filter.className = "picker-filter";
    filter.autocomplete = "off";
    filter.setAttribute("aria-label", `Filter ${name}`);
    filter.placeholder = "Type to filter";
    const status = document.createElement("p");
    status.className = "picker-status muted";
    status.setAttribute("aria-live", "polite");
    list.before(filter);
    list.after(status);
    const update = () => {
      const query = filter.value.trim().toLowerCase();
      let shown = 0;
      for (const option of options) {
        const box = option.querySelector("input");
        const match = !query || option.textContent.toLowerCase().includes(query);
        option.hidden = !(match || (box && box.checked));
        if (!option.hidden) shown += 1;
      }
      const chosen = options.filter((o) => o.querySelector("input:checked"));
      const names = chosen.map((o) => o.textContent.trim()).join(", ");
      status.textContent =
        (chosen.length ? `Chosen: ${names}.` : "None chosen.") +
        (query ? ` ${shown} of ${options.length} shown.` : "");
    };
    filter.addEventListener("input", update);
    filter.addEventListener("keydown", (event) => {
      // Enter in the filter goes to the first match instead of submitting the form.
      if (event.key !== "Enter") return;
      event.preventDefault();
      const first = options.find((o) => !o.hidden);
      if (first) first.querySelector("input").focus();
    });
    list.addEventListener("change", update);
    update();
  });
  // Print buttons on print-ready pages.
  document.body.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
  });
});
