// The homepage's only script: the publications filter, the copy buttons of
// the "Cite" blocks and keyboard access to furo's "On this page" icon. All are
// progressive: the HTML ships the filter and the buttons hidden, so without
// JavaScript the page is complete as it is.
"use strict";

(function publicationFilter() {
  const form = document.getElementById("pub-filter");
  if (!form) return;
  const entries = Array.from(document.querySelectorAll(".publication[data-year]"));
  const sections = Array.from(document.querySelectorAll("section[id^='year-']"));
  const status = document.getElementById("pub-filter-status");
  const fields = ["area", "year", "type"];

  function matches(entry, wanted) {
    return (!wanted.area || entry.dataset.areas.split(" ").includes(wanted.area))
      && (!wanted.year || entry.dataset.year === wanted.year)
      && (!wanted.type || entry.dataset.type === wanted.type);
  }

  function apply() {
    const wanted = {};
    for (const name of fields) wanted[name] = form.elements[name].value;
    let shown = 0;
    for (const entry of entries) {
      entry.hidden = !matches(entry, wanted);
      if (!entry.hidden) shown += 1;
    }
    for (const section of sections) {
      section.hidden = !section.querySelector(".publication:not([hidden])");
    }
    status.textContent = `Showing ${shown} of ${entries.length} publications`;
    // Keep the choice in the address, so a filtered list can be shared.
    const params = new URLSearchParams(window.location.search);
    for (const name of fields) {
      if (wanted[name]) params.set(name, wanted[name]); else params.delete(name);
    }
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}${location.hash}` : location.pathname + location.hash);
  }

  // Start from the address (?area=compression), ignoring unknown values.
  const initial = new URLSearchParams(window.location.search);
  for (const name of fields) {
    const select = form.elements[name];
    const value = initial.get(name);
    if (value && Array.from(select.options).some((option) => option.value === value)) {
      select.value = value;
    }
  }
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  // "reset" fires before the controls are reset.
  form.addEventListener("reset", () => setTimeout(apply, 0));
  apply();
})();

(function copyButtons() {
  for (const button of document.querySelectorAll("button.copy-button[data-copy-target]")) {
    const source = document.getElementById(button.dataset.copyTarget);
    const status = button.parentElement.querySelector(".copy-status");
    if (!source || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.textContent);
        status.textContent = "Copied";
      } catch (error) {
        status.textContent = "Copying failed: select the text and copy it";
      }
    });
  }
})();

(function tableOfContentsButton() {
  // Between 63em and 82em wide, furo opens "On this page" with an icon in the
  // content header: a <label> for a checkbox that is not in the keyboard's
  // reach there (page.html puts it in the phone header, hidden at that width).
  // The icon becomes a real button, for keyboard and screen-reader users.
  const toggle = document.getElementById("__toc");
  const label = document.querySelector("label.toc-content-icon:not(.no-toc)");
  if (!toggle || !label) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = label.className;
  button.setAttribute("aria-label", "On this page");
  button.append(...label.childNodes);
  label.replaceWith(button);
  const sync = () => button.setAttribute("aria-expanded", String(toggle.checked));
  button.addEventListener("click", () => {
    toggle.checked = !toggle.checked;
    sync();
  });
  toggle.addEventListener("change", sync);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle.checked && button.checkVisibility()) {
      toggle.checked = false;
      sync();
      button.focus();
    }
  });
  sync();
})();
