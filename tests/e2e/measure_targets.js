// Small targets on the page, for tests/e2e/test_accessibility.py.
(minimum) => {
  const small = [];
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  for (const el of document.querySelectorAll(selector)) {
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || el.closest("[hidden], [aria-hidden=true]")) continue;
    let box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.bottom <= 0 || box.right <= 0) continue;  // off-screen skip link
    if (el.matches("input[type=checkbox], input[type=radio]") && el.labels && el.labels.length) {
      const label = el.labels[0].getBoundingClientRect();
      box = {width: Math.max(box.right, label.right) - Math.min(box.left, label.left),
             height: Math.max(box.bottom, label.bottom) - Math.min(box.top, label.top)};
    }
    if (el.tagName === "A" && style.display === "inline") {
      const block = el.parentElement.closest("p, li, td, dd, figcaption, label, div");
      const text = block ? block.textContent.replace(/\s+/g, " ").trim() : "";
      const own = el.textContent.replace(/\s+/g, " ").trim();
      if (text.length > own.length + 1) continue;  // inline, in running text
    }
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
      const name = (el.textContent || el.value || el.name || el.type || "").replace(/\s+/g, " ").trim();
      small.push(`${el.tagName.toLowerCase()} "${name.slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}
