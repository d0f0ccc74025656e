import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * The terminal is for people: Fastify's two lines per request ("incoming request", "request
 * completed") are written at debug, so `npm start` shows its banner and then only what needs a look.
 * `LOG_LEVEL=debug` brings them back. Errors keep their level: a request that failed while
 * responding logs at error, as does our error handler's "unhandled error".
 */
export class DebugLevelRequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    if (this.isLogDisabled(request)) return;
    reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }

  override routeNotFound(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug(`Route ${request.raw.method}:${request.raw.url?.split('?')[0]} not found`);
  }
}
