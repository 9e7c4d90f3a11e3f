/** The message Go's `http.MaxBytesReader` fails with, which the Collector's OTLP receiver answers 400 with. */
const GO_BODY_TOO_LARGE = 'request body too large';

/**
 * Whether an export failed because the receiver refused the request as too large, going by
 * the error the OTLP/HTTP exporter reports (`OTLPExporterError`: `code` is the HTTP status,
 * `data` the response body, the same on the 0.2xx and 0.30x lines of
 * `@opentelemetry/otlp-exporter-base`). Two answers mean it: HTTP 413 (`mlotel collect`,
 * proxies such as nginx), and HTTP 400 whose body says "request body too large" (the
 * OpenTelemetry Collector: its confighttp wraps the body in Go's `http.MaxBytesReader`, and
 * otlpreceiver answers any body read error with 400, the Go error as the status message, in
 * a JSON or protobuf `rpc.Status` alike). Read by shape, not `instanceof`: an app may load
 * another copy of the package. Anything else, including no error, gives false; never throws.
 * @example isRequestTooLarge(new OTLPExporterError('Payload Too Large', 413)) // true
 * @internal
 */
export function isRequestTooLarge(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  try {
    const { code, data } = error as { code?: unknown; data?: unknown };
    if (code === 413) return true;
    return code === 400 && typeof data === 'string' && data.includes(GO_BODY_TOO_LARGE);
  } catch {
    return false; // a getter that throws: not an answer we know
  }
}
