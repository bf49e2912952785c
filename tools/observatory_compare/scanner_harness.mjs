// Feeds recorded fetch chains to the MDN HTTP Observatory scanner's own analyzer tests and grader
// (npm package @mdn/mdn-http-observatory 1.4.8), one JSON case per input line, one JSON result per
// output line. Developer tool for tools/observatory_compare/compare.py; see README.md.
//
// Usage: node scanner_harness.mjs /path/to/unpacked/scanner < cases.jsonl > results.jsonl
//
// What stands in for the network is built the way the scanner's retriever builds it
// (src/retriever/retriever.js and session.js): headers as Node's HTTP client joins them and axios
// wraps them, bodies through axios's own response transform, cookies through the same
// tough-cookie jar call that http-cookie-agent makes, the meta tags through the retriever's
// parseHttpEquivHeaders. Everything after that is the scanner's code, untouched.

import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
import { pathToFileURL } from "node:url";

const scannerDir = path.resolve(process.argv[2] ?? ".");
const requireFromScanner = createRequire(path.join(scannerDir, "package.json"));
const load = (relative) => import(pathToFileURL(path.join(scannerDir, relative)).href);

const { Requests, HTML_TYPES } = await load("src/types.js");
const { ALL_TESTS, NUM_TESTS } = await load("src/constants.js");
const { getGradeForScore, getScoreModifier } = await load("src/grader/grader.js");
const { MINIMUM_SCORE_FOR_EXTRA_CREDIT } = await load("src/grader/charts.js");
const { parseHttpEquivHeaders } = await load("src/retriever/utils.js");
const { retrieve: scannerRetrieve } = await load("src/retriever/retriever.js");
const { JSDOM } = await import(pathToFileURL(requireFromScanner.resolve("jsdom")).href);
const { parse: tldtsParse } = await import(pathToFileURL(requireFromScanner.resolve("tldts")).href);
const { default: axios, AxiosHeaders } = await load("node_modules/axios/index.js");
const { CookieJar } = requireFromScanner("tough-cookie");
const nodeUrl = requireFromScanner("node:url");

// Node's IncomingMessage keeps only the first of these when a response repeats them
// (lib/_http_incoming.js, matchKnownFields); Set-Cookie stays a list; the rest are joined.
const FIRST_ONLY = new Set([
  "age", "authorization", "content-length", "content-type", "etag", "expires", "from", "host",
  "if-modified-since", "if-unmodified-since", "last-modified", "location", "max-forwards",
  "proxy-authorization", "referer", "retry-after", "server", "user-agent",
]);

function nodeHeaders(lines) {
  const headers = {};
  for (const [rawName, value] of lines) {
    const name = rawName.toLowerCase();
    if (name === "set-cookie") {
      (headers[name] ??= []).push(value);
    } else if (!(name in headers)) {
      headers[name] = value;
    } else if (!FIRST_ONLY.has(name)) {
      headers[name] += (name === "cookie" ? "; " : ", ") + value;
    }
  }
  return new AxiosHeaders(headers);
}

// axios's default transformResponse: a body that parses as JSON becomes that value.
function axiosData(body) {
  return axios.defaults.transformResponse[0].call({ transitional: axios.defaults.transitional }, body);
}

// http-cookie-agent hands tough-cookie this URL (host without port, path with its query).
function cookieRequestUrl(href) {
  const url = new URL(href);
  return nodeUrl.format({ host: url.hostname, pathname: url.pathname + url.search, protocol: url.protocol });
}

function buildSession(chain) {
  const jar = new CookieJar();
  if (!chain || !chain.responses.length) {
    return { url: null, response: null, redirectHistory: [], jar, ok: false };
  }
  const redirectHistory = [];
  let last = null;
  for (const recorded of chain.responses) {
    const headers = nodeHeaders(recorded.headers);
    for (const line of headers["set-cookie"] ?? []) {
      jar.setCookieSync(line, cookieRequestUrl(recorded.url), { ignoreError: true });
    }
    redirectHistory.push({ url: new URL(recorded.url), status: recorded.status });
    last = {
      status: recorded.status,
      headers,
      data: axiosData(recorded.body ?? ""),
      config: { url: recorded.url },
    };
  }
  for (const side of chain.side_responses ?? []) {
    for (const line of nodeHeaders(side.headers)["set-cookie"] ?? []) {
      jar.setCookieSync(line, cookieRequestUrl(side.url), { ignoreError: true });
    }
  }
  return {
    url: new URL(chain.responses[0].url),
    response: { ...last, verified: chain.verified },
    redirectHistory,
    jar,
    ok: true,
  };
}

function retrieve(testCase) {
  const requests = new Requests(testCase.host);
  const http = buildSession(testCase.http);
  const https = buildSession(testCase.https);
  requests.responses.http = http.response;
  requests.responses.https = https.response;
  requests.responses.httpRedirects = http.redirectHistory;
  requests.responses.httpsRedirects = http.redirectHistory;
  const session = https.ok ? https : http;
  requests.responses.auto = session.response;
  requests.session = session.ok ? session : null;
  if (!requests.responses.auto) {
    return requests;
  }
  requests.resources.path = requests.responses.auto.data;
  const preflight = testCase.preflight;
  requests.responses.cors = preflight
    ? { status: preflight.status, headers: nodeHeaders(preflight.headers), request: {}, verified: session.response.verified }
    : null;
  const auto = requests.responses.auto;
  if (HTML_TYPES.has(auto.headers["content-type"]?.split(";")[0]) && requests.resources.path) {
    auto.httpEquiv = parseHttpEquivHeaders(requests.resources.path, session.url.href);
  } else {
    auto.httpEquiv = new Map();
  }
  return requests;
}

// The scoring part of src/scanner/index.js scan(), after its retrieve().
function grade(requests) {
  if (!requests.responses.auto) {
    return { error: "site-down" };
  }
  const { status } = requests.responses.auto;
  if (status < 200 || (status >= 400 && ![401, 403].includes(status))) {
    return { error: `status-${status}` };
  }
  let results;
  try {
    results = ALL_TESTS.map((test) => test(requests));
  } catch (e) {
    return { error: "scan-failed", message: String(e && e.message) };
  }
  let testsPassed = 0;
  let withExtraCredit = 100;
  let uncurved = 100;
  const tests = {};
  for (const result of results) {
    if (result.result) {
      const modifier = getScoreModifier(result.result);
      testsPassed += result.pass ? 1 : 0;
      withExtraCredit += modifier;
      if (modifier < 0) {
        uncurved += modifier;
      }
      tests[result.constructor.name] = { pass: result.pass, result: result.result, modifier };
    }
  }
  const final = getGradeForScore(uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved);
  return { score: final.score, grade: final.grade, testsFailed: NUM_TESTS - testsPassed, tests };
}

// What the analyzer tests find in a page: scripts as subresourceIntegrityTest reads them (through
// jsdom's script.src), meta tags as the retriever's parseHttpEquivHeaders reads them.
function htmlFacts(body) {
  const scripts = [...new JSDOM(body).window.document.querySelectorAll("script")].map((script) => [
    script.src ?? null,
    script.getAttribute("integrity"),
  ]);
  const equiv = parseHttpEquivHeaders(body, "https://example.test/");
  return { scripts, csp: equiv.get("content-security-policy"), referrer: equiv.get("referrer-policy") ?? [] };
}

async function handle(request) {
  if (request.live) {
    // the scanner's own retriever against local servers (end-to-end mode)
    const { host, httpPort, httpsPort } = request.live;
    return grade(await scannerRetrieve(host, { httpPort, httpsPort }));
  }
  if (request.html !== undefined) {
    return htmlFacts(request.html);
  }
  if (request.domains) {
    return { domains: request.domains.map((input) => tldtsParse(input).domain) };
  }
  return grade(retrieve(request));
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) {
    continue;
  }
  const request = JSON.parse(line);
  let answer;
  try {
    answer = await handle(request);
  } catch (e) {
    answer = { error: "harness-failed", message: String(e && e.stack) };
  }
  process.stdout.write(JSON.stringify({ id: request.id, ...answer }) + "\n");
}
