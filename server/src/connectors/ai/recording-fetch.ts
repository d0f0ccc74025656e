/**
 * A `fetch` for SDKs that accept one (Ollama, Gemini), made per call:
 * - bound to the call's signal, because the Ollama SDK sends its plain requests without any signal
 *   and would otherwise keep a canceled request running;
 * - remembering the last error response, because their error classes drop the headers (Retry-After)
 *   and, for Ollama, are not even exported to test with `instanceof`.
 */
export interface RecordedErrorResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else the text. */
  body: unknown;
}

export interface RecordingFetch {
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  lastError(): RecordedErrorResponse | undefined;
  /** The last failure below HTTP (refused, reset, DNS): some SDKs rethrow it without its cause. */
  lastTransportFailure(): unknown;
}

/** The fetch that goes out: the outbound policy's (every tenant request passes it). */
type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function recordingFetch(signal: AbortSignal, outboundFetch: Fetch): RecordingFetch {
  let lastError: RecordedErrorResponse | undefined;
  let lastTransportFailure: unknown;
  return {
    async fetch(input, init) {
      const signals = init?.signal ? [signal, init.signal] : [signal];
      let response: Response;
      try {
        response = await outboundFetch(input, { ...init, signal: AbortSignal.any(signals) });
      } catch (error) {
        lastTransportFailure = error;
        throw error;
      }
      if (!response.ok) {
        // Read a copy so the SDK still gets the untouched response to build its own error from.
        lastError = { status: response.status, headers: response.headers, body: await bodyOf(response.clone()) };
      }
      return response;
    },
    lastError: () => lastError,
    lastTransportFailure: () => lastTransportFailure,
  };
}

async function bodyOf(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  } catch {
    return undefined;
  }
}

/**
 * For SDKs that take a fetch: a client made for each call on its own recording fetch, so the call's
 * signal reaches every request and its error responses can be read back.
 */
export function perCallClient<Client>(outboundFetch: Fetch, make: (fetch: RecordingFetch['fetch']) => Client) {
  return (signal: AbortSignal) => {
    const recorder = recordingFetch(signal, outboundFetch);
    return { client: make(recorder.fetch), recorder };
  };
}
