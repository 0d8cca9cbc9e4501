// Opens a premium document with a subscriber's access code, in the browser, with no server.
// The code never leaves the device: it derives (HKDF-SHA256) the name of the subscriber's key
// file and the key that unwraps their document keys; the page holds the body sealed with
// AES-256-GCM. A code arrives typed into the form or in the address's fragment (#code=...),
// which browsers never send to a server; it is kept on this device until the reader forgets it.
(function () {
  "use strict";
  var sealed = document.getElementById("sealed");
  var form = document.getElementById("unlock");
  var script = document.currentScript;
  if (!sealed || !form || !script) return;
  if (!window.crypto || !crypto.subtle) {
    // Browsers offer WebCrypto only on https (and 127.0.0.1): say so instead of a silent page.
    var notice = document.getElementById("unlock-status");
    form.hidden = false;
    form.querySelector("label").hidden = true;
    form.querySelectorAll("input, button").forEach(function (e) { e.hidden = true; });
    notice.textContent = form.dataset.insecure;
    return;
  }
  var STORE = "wikipk-access-code";
  var SALT = "wikipk premium v1";
  var ALPHABET = /[^A-Z2-7]/g;
  var doc = sealed.dataset.doc;
  var input = form.querySelector("input");
  var status = document.getElementById("unlock-status");
  var forget = document.getElementById("forget");
  var encoder = new TextEncoder();

  function bytes(base64) {
    return Uint8Array.from(atob(base64), function (c) { return c.charCodeAt(0); });
  }

  function say(key) {
    status.textContent = key ? form.dataset[key] : "";
  }

  // The code, and its key file for reading pages kept offline (useless without the code).
  function remember(code, keyFile) {
    try {
      localStorage.setItem(STORE, code);
      localStorage.setItem(STORE + "-keys", keyFile);
    } catch (error) { /* private mode: once only */ }
  }

  function recalled(suffix) {
    try { return localStorage.getItem(STORE + (suffix || "")); } catch (error) { return null; }
  }

  async function derive(code, info, usage) {
    var base = await crypto.subtle.importKey("raw", encoder.encode(code), "HKDF", false, ["deriveBits", "deriveKey"]);
    var params = { name: "HKDF", hash: "SHA-256", salt: encoder.encode(SALT), info: encoder.encode(info) };
    if (usage) return crypto.subtle.deriveKey(params, base, { name: "AES-GCM", length: 256 }, false, [usage]);
    var bits = new Uint8Array(await crypto.subtle.deriveBits(params, base, 128));
    return Array.from(bits, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  async function open(key, data) {
    var params = { name: "AES-GCM", iv: data.slice(0, 12), additionalData: encoder.encode(doc) };
    return new Uint8Array(await crypto.subtle.decrypt(params, key, data.slice(12)));
  }

  // A sealed file (an image, a PDF): its media type on the first line, then its bytes.
  async function file(key, url) {
    var response = await fetch(url);
    if (!response.ok) throw new Error("missing " + url);
    var plain = await open(key, new Uint8Array(await response.arrayBuffer()));
    var newline = plain.indexOf(10);
    var type = new TextDecoder().decode(plain.slice(0, newline));
    return URL.createObjectURL(new Blob([plain.slice(newline + 1)], { type: type }));
  }

  async function show(key, html) {
    if (document.getElementById("premium-body")) return;
    var template = document.createElement("template");
    template.innerHTML = html; // inert until inserted: nothing loads yet
    var sealedFiles = template.content.querySelectorAll("[src*='sealed/'], [href*='sealed/']");
    await Promise.all(Array.prototype.map.call(sealedFiles, async function (element) {
      var name = element.hasAttribute("src") ? "src" : "href";
      try {
        element.setAttribute(name, await file(key, new URL(element.getAttribute(name), location.href).href));
      } catch (error) {
        element.removeAttribute(name); // not kept offline: the text still opens
      }
    }));
    var body = document.createElement("div");
    body.className = "body";
    body.id = "premium-body";
    body.append(template.content);
    form.closest("section").after(body);
  }

  async function unlock(typed) {
    var code = (typed || "").toUpperCase().replace(ALPHABET, "");
    if (code.length !== 32) { say("wrong"); return; }
    say("checking");
    var keyFile = null;
    var response = null;
    try {
      var name = await derive(code, "key-file");
      response = await fetch(new URL("../keys/" + name + ".json", script.src), { cache: "no-cache" });
    } catch (error) { /* no connection */ }
    // No answer, or not a clear "no such key file": read offline with the kept key file.
    if (!response || (!response.ok && response.status !== 404)) {
      keyFile = recalled() === code ? recalled("-keys") : null;
      if (!keyFile) { say("offline"); return; }
    }
    try {
      if (!keyFile) {
        if (!response.ok) throw new Error("no key file");
        keyFile = await response.text();
      }
      var wrapped = JSON.parse(keyFile).keys[doc];
      if (!wrapped) { remember(code, keyFile); forget.hidden = false; say("notIncluded"); return; }
      var wrapKey = await derive(code, "wrap-key", "decrypt");
      var raw = await open(wrapKey, bytes(wrapped));
      var key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]);
      var html = new TextDecoder().decode(await open(key, bytes(sealed.textContent.trim())));
      await show(key, html);
      remember(code, keyFile);
      forget.hidden = false;
      input.value = "";
      form.querySelector("label").hidden = input.hidden = form.querySelector("button").hidden = true;
      say("opened");
    } catch (error) {
      // Unknown, expired or revoked (its key file is gone, or no longer opens this build).
      if (recalled() === code) forgetCode();
      forget.hidden = true;
      say("wrong");
    }
  }

  function forgetCode() {
    try {
      localStorage.removeItem(STORE);
      localStorage.removeItem(STORE + "-keys");
    } catch (error) { /* nothing kept */ }
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    unlock(input.value);
  });
  forget.addEventListener("click", function () {
    forgetCode();
    location.reload();
  });
  var fragment = /^#code=([A-Za-z2-7-]+)$/.exec(location.hash);
  if (fragment) history.replaceState(null, "", location.pathname + location.search);
  var code = fragment ? fragment[1] : recalled();
  if (code) unlock(code);
})();
