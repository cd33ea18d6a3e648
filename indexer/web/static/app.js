// soundbite serve: the page's own script (no inline script is allowed by the page's policy).
// `/` focuses the search box; the player starts at the hit's second and plays from any passage's time;
// a hit's context is fetched from /api/show when it is opened.
"use strict";

document.addEventListener("keydown", (event) => {
  const box = document.getElementById("q");
  if (event.key === "/" && box && document.activeElement !== box && !event.ctrlKey && !event.metaKey) {
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName);
    if (!typing) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  }
});

function startPlayer() {
  const player = document.getElementById("player");
  const main = document.querySelector("main");
  if (!player) return;
  const at = main && main.dataset.at !== undefined ? parseFloat(main.dataset.at) : NaN;
  if (!Number.isNaN(at)) {
    const seek = () => {
      player.currentTime = at;
      player.dataset.ready = "true";
    };
    if (player.readyState >= 1) seek();
    else player.addEventListener("loadedmetadata", seek, { once: true });
    player.play().catch(() => {}); // (a browser may refuse to play before the reader has clicked)
  }
  document.querySelectorAll("a[data-seek]").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      player.currentTime = parseFloat(link.dataset.seek);
      player.play().catch(() => {});
      history.replaceState(null, "", link.getAttribute("href"));
      document.querySelectorAll(".passage.marked").forEach((p) => p.classList.remove("marked"));
      link.closest(".passage").classList.add("marked");
    });
  });
}

function markedIntoView() {
  const marked = document.querySelector(".passage.marked");
  if (marked) marked.scrollIntoView({ block: "center" });
}

function contextOnDemand() {
  document.querySelectorAll("details.context").forEach((details) => {
    details.addEventListener("toggle", async () => {
      if (!details.open || details.dataset.loaded) return;
      details.dataset.loaded = "true";
      const query = new URLSearchParams({
        transcript: details.dataset.transcript,
        passage: details.dataset.passage,
        context: "1",
      });
      try {
        const answer = await fetch("/api/show?" + query.toString(), { credentials: "same-origin" });
        if (!answer.ok) return;
        const rows = await answer.json();
        const number = parseInt(details.dataset.passage, 10);
        const list = document.createElement("div");
        list.className = "context-passages";
        rows
          .filter((row) => Math.abs(row.passage - number) === 1)
          .forEach((row) => {
            const p = document.createElement("p");
            const who = document.createElement("b");
            who.textContent = row.speaker_label || "";
            p.append(who, " ", row.text); // (text nodes: nothing from a transcript becomes markup)
            list.append(p);
          });
        details.append(list);
      } catch (error) {
        // (the link to the transcript stays)
      }
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  startPlayer();
  markedIntoView();
  contextOnDemand();
});
