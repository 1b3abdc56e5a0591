// The page's only way to the server: the JSON API under /api/ (described at /api/openapi.json).

/** An API failure: HTTP status, the error code and message, and any scenario problems. */
export class ApiError extends Error {
  constructor(status, code, message, problems) {
    super(message);
    this.status = status;
    this.code = code;
    this.problems = problems || [];
  }
}

/** The server's token, when it asks for one (`parley serve` beyond loopback prints the page's
 * address with `?token=...`); sent with every API request. */
const token = new URLSearchParams(location.search).get("token");

function headers(extra) {
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

async function answer(response) {
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const e = body && body.error;
    throw new ApiError(
      response.status,
      e ? e.code : "http",
      e ? e.message : `${response.status} ${response.statusText}`,
      e ? e.problems : [],
    );
  }
  return body;
}

/** GET a JSON resource. */
export async function get(path) {
  return answer(await fetch(path, { headers: headers({ Accept: "application/json" }) }));
}

/** POST a JSON body, returning the JSON answer. */
export async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: headers({ "Content-Type": "application/json", Accept: "application/json" }),
    body: JSON.stringify(body),
  });
  return answer(response);
}

/** POST a file's bytes as `type`, returning the JSON answer. */
export async function postBytes(path, bytes, type) {
  const response = await fetch(path, {
    method: "POST",
    headers: headers({ "Content-Type": type, Accept: "application/json" }),
    body: bytes,
  });
  return answer(response);
}

/** POST a JSON body, returning the answer as a Blob and the file name the server suggests. */
export async function postForFile(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: headers({ "Content-Type": "application/json" }),
    body: JSON.stringify(body),
  });
  if (!response.ok) return answer(response);
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename="([^"]+)"/.exec(disposition);
  return { blob: await response.blob(), name: match ? match[1] : "scenario.toml" };
}

/** Starts a job (`/api/mc/jobs` or `/api/sensitivity/jobs`) and polls it, reporting progress,
 * until it ends. */
export async function job(path, body, onProgress, intervalMs = 200) {
  const started = await post(path, body);
  for (;;) {
    const status = await get(started.poll);
    onProgress(status.done, status.total);
    if (status.state === "done") return status.result;
    if (status.state === "failed") {
      throw new ApiError(500, status.error.code, status.error.message, []);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Starts a Monte Carlo job and polls it, reporting progress, until it ends. */
export function monteCarloJob(body, onProgress, intervalMs = 200) {
  return job("/api/mc/jobs", body, onProgress, intervalMs);
}

/** Starts a sensitivity job and polls it (inputs, then runs), until it ends. */
export function sensitivityJob(body, onProgress, intervalMs = 200) {
  return job("/api/sensitivity/jobs", body, onProgress, intervalMs);
}
