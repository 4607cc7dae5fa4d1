/*
 * The engine's worker starts here, not in DuckDB's own script. A dedicated
 * worker takes its Content Security Policy from its own HTTP response, so on a
 * static host that sends no headers DuckDB's worker could reach any server.
 * This classic script (served from the app's origin, shipped as is) first
 * takes away the ways a worker's scripts have to reach another origin — fetch
 * and importScripts (on the global and its prototypes), XMLHttpRequest,
 * WebSocket(Stream), EventSource, WebTransport, the Cache API, FontFace,
 * nested workers — and only then loads DuckDB's worker script, given as the worker's name and itself
 * required to be same-origin. DuckDB's lockdown (allowed_directories,
 * enable_external_access=false) refuses URLs in SQL; this is the second wall,
 * below DuckDB, for anything that lockdown might miss. (A dynamic import()
 * cannot be taken away from script; DuckDB's code makes none, SQL cannot make
 * one, and where the host sends headers the worker's CSP refuses it.)
 */
(function lockWorkerToOrigin(scope) {
  'use strict';
  var origin = scope.location.origin;

  function isSameOrigin(url) {
    try {
      // blob: URLs made by the page carry the page's origin; data: URLs have none.
      return new URL(String(url), scope.location.href).origin === origin;
    } catch {
      return false;
    }
  }

  function refusal(url) {
    return new TypeError('Atalaya’s engine contacts no other site (refused: ' + String(url).slice(0, 200) + ')');
  }

  function seal(target, name, value) {
    Object.defineProperty(target, name, { value: value, writable: false, configurable: false });
  }

  /** Replaces `name` on the global and on every prototype that defines it (so `Proto.fetch.call(self)` is refused too). */
  function sealEverywhere(name, value) {
    seal(scope, name, value);
    for (var target = Object.getPrototypeOf(scope); target; target = Object.getPrototypeOf(target)) {
      if (Object.prototype.hasOwnProperty.call(target, name)) seal(target, name, value);
    }
  }

  var nativeFetch = scope.fetch.bind(scope);
  sealEverywhere('fetch', function fetch(input, init) {
    var url = typeof input === 'string' ? input : input && typeof input.url === 'string' ? input.url : String(input);
    if (!isSameOrigin(url)) return Promise.reject(refusal(url));
    return nativeFetch(input, init);
  });

  var nativeOpen = scope.XMLHttpRequest.prototype.open;
  seal(scope.XMLHttpRequest.prototype, 'open', function open(method, url) {
    if (!isSameOrigin(url)) throw refusal(url);
    return nativeOpen.apply(this, arguments);
  });

  var nativeImportScripts = scope.importScripts.bind(scope);
  sealEverywhere('importScripts', function importScripts() {
    for (var i = 0; i < arguments.length; i++) if (!isSameOrigin(arguments[i])) throw refusal(arguments[i]);
    return nativeImportScripts.apply(scope, arguments);
  });

  ['WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'FontFace'].forEach(function (name) {
    if (name in scope) {
      seal(scope, name, function Refused(url) {
        throw refusal(url);
      });
    }
  });
  // The Cache API fetches what it is given (cache.add); DuckDB does not use it.
  if ('caches' in scope) sealEverywhere('caches', undefined);

  if (scope.Worker) {
    var NativeWorker = scope.Worker;
    seal(scope, 'Worker', function Worker(url, options) {
      if (!isSameOrigin(url)) throw refusal(url);
      return new NativeWorker(url, options);
    });
  }

  var engine = scope.name;
  if (!engine || !isSameOrigin(engine)) throw refusal(engine);
  scope.importScripts(engine);
})(self);
