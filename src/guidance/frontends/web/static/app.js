// The calculator pages' one script, an enhancement only: every page works without it.
//
// It starts GOV.UK Frontend's components and, on a calculator page whose form is sent by GET,
// updates the page in place when an input changes: it asks the server for the page of the new
// inputs (the same address the Calculate button would open), puts that page's live regions
// (elements with data-live and an id: the error summary, the result, the links that carry the
// inputs) in place of these, brings each input's error message and the form's hidden fields
// in step, keeps the address in step (history.replaceState), and says the new summary to
// screen readers through a polite live region. It never moves the focus: the boxes a person
// types in are never replaced, and focus inside a replaced region goes to the same place in
// the new one. Typing waits for a pause (DEBOUNCE_MS); a committed change (a choice made,
// Enter, leaving the box) updates at once. Only the latest request's page is shown.
import { initAll } from "./govuk/govuk-frontend.min.js";

const DEBOUNCE_MS = 300;

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

function pathTo(root, node) {
  // child indices from root down to node, or null when node is not inside root
  const path = [];
  while (node && node !== root) {
    const parent = node.parentElement;
    if (!parent) return null;
    path.unshift(Array.prototype.indexOf.call(parent.children, node));
    node = parent;
  }
  return node === root ? path : null;
}

function follow(root, path) {
  let node = root;
  for (const i of path) {
    node = node && node.children[i];
  }
  return node || null;
}

function replaceRegion(old, fresh) {
  const focused = document.activeElement;
  const path = pathTo(old, focused);
  const adopted = document.importNode(fresh, true);
  // what a person typed in a box of the region (a scenario's name) is kept
  for (const box of old.querySelectorAll("input[type=text][id], textarea[id]")) {
    const same = adopted.querySelector("#" + CSS.escape(box.id));
    if (same && box.value !== box.defaultValue) same.value = box.value;
  }
  old.replaceWith(adopted);
  if (path !== null) {
    const same = follow(adopted, path) || adopted;
    if (same.tabIndex < 0 && !same.hasAttribute("tabindex")) same.setAttribute("tabindex", "-1");
    same.focus({ preventScroll: true });
  }
}

function syncField(control, fresh) {
  // the input's own element stays (focus, caret, what is being typed); its group, error
  // message and description follow the new page
  const group = control.closest(".govuk-form-group");
  const freshGroup = fresh.closest(".govuk-form-group");
  if (!group || !freshGroup) return;
  group.className = freshGroup.className;
  for (const old of group.querySelectorAll(".govuk-error-message")) old.remove();
  for (const message of freshGroup.querySelectorAll(".govuk-error-message")) {
    control.before(document.importNode(message, true));
  }
  control.className = fresh.className;
  const described = fresh.getAttribute("aria-describedby");
  if (described) control.setAttribute("aria-describedby", described);
  else control.removeAttribute("aria-describedby");
}

function addressOf(form) {
  // what the Calculate button would open
  return form.action + "?" + new URLSearchParams(new FormData(form)).toString();
}

function valuesOf(form) {
  // what a person gave: every input but the hidden ones
  const data = new FormData(form);
  for (const hidden of form.querySelectorAll("input[type=hidden][name]")) data.delete(hidden.name);
  return new URLSearchParams(data).toString();
}

function enhance(form) {
  const announcer = document.getElementById("app-announce");
  let timer = 0;
  let latest = 0;
  let controller = null;
  let asked = valuesOf(form);

  async function update() {
    clearTimeout(timer);
    const values = valuesOf(form);
    if (values === asked) return null; // the page shows (or has asked for) these inputs
    asked = values;
    const url = addressOf(form);
    const mine = ++latest;
    if (controller) controller.abort();
    controller = new AbortController();
    let page;
    try {
      const response = await fetch(url, {
        signal: controller.signal,
        headers: { Accept: "text/html" },
        credentials: "same-origin",
      });
      page = await response.text();
    } catch (error) {
      if (error.name === "AbortError") return null; // a newer change took over
      asked = null; // no answer: asking again is allowed
      return false;
    }
    if (mine !== latest) return null;
    const fresh = new DOMParser().parseFromString(page, "text/html");
    const freshForm = fresh.getElementById(form.id);
    if (!freshForm) {
      asked = null; // not a calculator page (the server could not make one)
      return false;
    }
    for (const region of document.querySelectorAll("[data-live][id]")) {
      const next = fresh.getElementById(region.id);
      if (next) replaceRegion(region, next);
    }
    for (const control of form.querySelectorAll("input:not([type=hidden]), select, textarea")) {
      const next = control.id && fresh.getElementById(control.id);
      if (next) syncField(control, next);
    }
    for (const hidden of form.querySelectorAll("input[type=hidden]")) hidden.remove();
    const button = form.querySelector("button, [type=submit]");
    for (const hidden of freshForm.querySelectorAll("input[type=hidden]")) {
      const copy = document.importNode(hidden, true);
      if (button) button.before(copy);
      else form.append(copy);
    }
    const hasErrors = fresh.querySelector(".govuk-error-summary") !== null;
    const canonical = fresh.querySelector('link[rel="canonical"]');
    const address = !hasErrors && canonical ? canonical.getAttribute("href") : url;
    history.replaceState(history.state, "", address);
    const oldCanonical = document.querySelector('link[rel="canonical"]');
    if (oldCanonical && canonical) oldCanonical.setAttribute("href", canonical.getAttribute("href"));
    document.title = fresh.title;
    const said = document.querySelectorAll(
      "#result .app-message .govuk-warning-text__text, #result .app-stale .govuk-warning-text__text, #result .guidance-summary",
    );
    if (announcer) {
      announcer.textContent = Array.from(said, (e) => e.textContent.replace(/\s+/g, " ").trim())
        .join(" ");
    }
    document.dispatchEvent(new CustomEvent("app:updated", { detail: { address } }));
    return true;
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(update, DEBOUNCE_MS);
  }

  form.addEventListener("input", (event) => {
    if (event.target.tagName === "SELECT") update();
    else soon();
  });
  form.addEventListener("change", update);
  // Calculate (or Enter in a box) updates in place too; should the server not answer, the
  // form is sent the ordinary way
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update().then((shown) => {
      if (shown === false) form.submit();
    });
  });
}

const form = document.querySelector("form.app-form[method=get][id]");
if (form && window.fetch && window.DOMParser && window.history) enhance(form);
