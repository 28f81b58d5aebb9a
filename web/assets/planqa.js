() => {
  // PlanQA page behaviour, installed once at page load (gradio `launch(js=…)`). Event delegation only: the chat,
  // the sources panel and the plan browser are re-rendered by gradio, so listeners sit on the document.
  if (window.__planqa) return;
  window.__planqa = true;

  // One tooltip element for every [n] marker: fixed-position, so no scrolling container clips it.
  const tip = document.createElement("div");
  tip.id = "pq-tooltip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);

  let tipFor = null;  // the marker the tooltip belongs to (kept in place while the page scrolls)
  function showTip(cite) {
    const quote = cite.querySelector(".pq-tip");
    if (!quote) return;
    tipFor = cite;
    tip.textContent = quote.textContent;  // text, never HTML
    tip.hidden = false;
    const r = cite.getBoundingClientRect();
    const w = Math.min(360, window.innerWidth - 16);
    tip.style.maxWidth = w + "px";
    const left = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
    tip.style.left = left + "px";
    const below = r.bottom + 6;
    tip.style.top = below + "px";
    const h = tip.getBoundingClientRect().height;
    if (below + h > window.innerHeight - 8 && r.top - h - 6 > 8) tip.style.top = (r.top - h - 6) + "px";
  }
  function hideTip() { tip.hidden = true; tipFor = null; }

  document.addEventListener("mouseover", (e) => {
    const cite = e.target.closest && e.target.closest("a.pq-cite");
    if (cite) showTip(cite); else if (!e.target.closest || !e.target.closest("#pq-tooltip")) hideTip();
  });
  document.addEventListener("focusin", (e) => {
    const cite = e.target.closest && e.target.closest("a.pq-cite");
    if (cite) showTip(cite);
  });
  document.addEventListener("focusout", hideTip);
  window.addEventListener("scroll", () => {
    if (tipFor && tipFor.isConnected) showTip(tipFor); else hideTip();
  }, true);

  // Open a deep link (?doc=…&section=…&mark=…) in the 规划 tab without reloading the page (the chat stays).
  function navigate(href) {
    const query = href.slice(href.indexOf("?") + 1);
    history.pushState(null, "", "?" + query);
    window.pqNav = query;
    const box = document.querySelector("#pq-nav textarea, #pq-nav input");
    if (box) {
      box.value = query;
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
    const btn = document.querySelector("#pq-nav-btn");
    if (btn) btn.click();
  }

  document.addEventListener("click", (e) => {
    if (!e.target.closest) return;
    const cite = e.target.closest("a.pq-cite");
    if (cite) {
      // [n]: scroll the sources panel to the citation card and flash it
      e.preventDefault();
      const id = decodeURIComponent(cite.getAttribute("href").slice(1));
      const card = document.getElementById(id);
      if (!card) return;
      const group = card.closest("details");
      if (group) group.open = true;
      card.scrollIntoView({ block: "center", behavior: "smooth" });
      document.querySelectorAll(".pq-card.pq-flash").forEach((c) => c.classList.remove("pq-flash"));
      card.classList.add("pq-flash");
      card.focus({ preventScroll: true });
      showTip(cite);
      return;
    }
    const link = e.target.closest("a[href^='?doc=']");
    if (link) {
      e.preventDefault();
      navigate(link.getAttribute("href"));
    }
  });

  // gradio's queue badge ("queue: 2/3 | 1.7s") in Chinese; the text node is edited in place, so gradio's own
  // updates keep working (they set the same node again, and this rewrites it again).
  const QUEUE = /^\s*queue:\s*(\d+)\s*\/\s*(\d+)\s*(?:\|\s*([\d.]+)s)?/;
  const TIMER = /^\s*\|?\s*([\d.]+)s\s*$/;
  function translateQueue(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const m = QUEUE.exec(n.data);
      if (m) n.data = `排队中：第 ${m[1]} 位（共 ${m[2]} 位）` + (m[3] ? ` · 已等 ${m[3]} 秒` : "");
      const t = TIMER.exec(n.data);
      if (t) n.data = `已等 ${t[1]} 秒`;
    }
  }
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target.nodeType === 3 ? r.target.parentElement : r.target;
      const tracker = el && el.closest && el.closest("[data-testid=status-tracker]");
      if (tracker) translateQueue(tracker);
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });

  // After a section renders, bring the highlighted passage into view (once per render).
  new MutationObserver(() => {
    const mark = document.querySelector("#pq-hl:not([data-seen])");
    if (mark && mark.offsetParent !== null) {
      mark.setAttribute("data-seen", "1");
      mark.scrollIntoView({ block: "center" });
    }
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["class", "style"] });
}
