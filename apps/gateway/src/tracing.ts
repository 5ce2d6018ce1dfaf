import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { RequestContext } from '@arrears/tenancy';

const tracer = () => trace.getTracer('arrears');

/**
 * OpenTelemetry traces, by configuration: with OTEL_TRACES_ENDPOINT (OTLP over HTTP) every GraphQL
 * operation and every job attempt becomes a span; without it the API's no-op tracer costs nothing.
 * Spans carry ids and names only (request id, operation, job kind and id), never personal data.
 */
export function startTracing(opts: { serviceName: string; endpoint?: string; exporter?: SpanExporter }): { shutdown(): Promise<void> } | null {
  const exporter = opts.exporter ?? (opts.endpoint ? new OTLPTraceExporter({ url: opts.endpoint }) : null);
  if (!exporter) return null;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName }),
    // A given exporter (tests) gets spans at once; the OTLP one in batches.
    spanProcessors: [opts.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  trace.setGlobalTracerProvider(provider);
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
    },
  };
}

/** One span per GraphQL request, named after its operation, with its outcome. */
export function tracingPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart(rc) {
      const span = tracer().startSpan('graphql', { attributes: { 'arrears.request_id': rc.contextValue.requestId } });
      return {
        async didResolveOperation(r) {
          const name = r.operationName ?? 'anonymous';
          span.updateName(`graphql ${name}`);
          span.setAttribute('graphql.operation.name', name);
          if (r.operation) span.setAttribute('graphql.operation.type', r.operation.operation);
        },
        async willSendResponse(r) {
          const body = r.response.body;
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          if (errors.length) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: String(errors[0].extensions?.code ?? 'ERROR') });
            span.setAttribute('arrears.error_codes', errors.map((e) => String(e.extensions?.code ?? 'ERROR')));
          }
          span.end();
        },
      };
    },
  };
}

/** A finished job attempt as a span (recorded when it ends, with its real start time). */
export function traceJobAttempt(kind: string, outcome: string, seconds: number): void {
  const end = Date.now();
  const span = tracer().startSpan(`job ${kind}`, { startTime: end - seconds * 1000, attributes: { 'arrears.job.kind': kind, 'arrears.job.outcome': outcome } });
  if (outcome === 'failed' || outcome === 'retry') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
  span.end(end);
}
