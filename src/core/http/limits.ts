/**
 * The HTTP server's limits and the statuses they answer with: request bodies (1 MiB of JSON by
 * default, per-route overrides; uploads have their own file limit), the errors Fastify and the
 * multipart parser raise for bad framing, mapped to 4xx with a message a person can act on, and the
 * statuses of errors that are not "bad input" (413, 415, 503).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BeatwiseError } from '../errors.ts';

/** Default limit on a request body that is parsed (JSON, text): 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Largest uploaded file (multipart `file` of POST /api/imports). */
export const UPLOAD_FILE_LIMIT = 500 * 1024 * 1024;

/** Statuses of error codes that the code's shape does not say (see statusFor in server.ts). */
const STATUS_BY_CODE: Record<string, number> = {
  'http.body_too_large': 413,
  'http.url_too_long': 414,
  'upload.too_large': 413,
  'upload.unsupported_type': 415,
  'import.unknown_format': 415,
  'http.unsupported_media_type': 415,
  'http.not_acceptable': 406,
  'analysis.timeout': 503,
  'analysis.busy': 503,
  'http.unavailable': 503,
  'import.unavailable': 503,
};

/** The status for an error code listed above, or undefined. */
export function fixedStatus(code: string): number | undefined {
  return Object.hasOwn(STATUS_BY_CODE, code) ? STATUS_BY_CODE[code] : undefined;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MiB`;
}

/** Messages of the multipart parser (busboy) about a body that is not well-formed multipart. */
const MALFORMED_MULTIPART =
  /unexpected end of (form|multipart data)|malformed (part header|urlencoded form)|boundary not found|multipart: boundary|part terminated early|unexpected end of file/i;

/**
 * A Fastify, @fastify/multipart or busboy error as a BeatwiseError with a clear message, or null
 * when the error is not one of theirs (a bug: the server answers 500).
 */
export function frameworkError(err: unknown, bodyLimit = DEFAULT_BODY_LIMIT): BeatwiseError | null {
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: string }).code ?? '';
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new BeatwiseError(
        'http.body_too_large',
        `the request body is larger than this route accepts (${mib(bodyLimit)}); files are uploaded as multipart/form-data to POST /api/imports`,
        {},
        { limit: bodyLimit },
      );
    case 'FST_REQ_FILE_TOO_LARGE':
      return new BeatwiseError(
        'upload.too_large',
        `the file is larger than ${mib(UPLOAD_FILE_LIMIT)}`,
        { field: 'file' },
        { limit: UPLOAD_FILE_LIMIT },
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new BeatwiseError(
        'http.unsupported_media_type',
        `this route does not accept a body of type "${mediaTypeOf(err.message)}"; send JSON, or a file as multipart/form-data`,
      );
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new BeatwiseError(
        'http.not_acceptable',
        'send the file as multipart/form-data (Content-Type: multipart/form-data; boundary=…) in a field named "file"',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new BeatwiseError('http.bad_body', `the request body is not valid: ${err.message}`);
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new BeatwiseError(
        'upload.too_many_parts',
        'send one file, in a field named "file", with at most a few text fields (force, level)',
      );
    case 'FST_PROTO_VIOLATION':
      return new BeatwiseError('upload.bad_field', 'a form field may not be named __proto__ or constructor');
  }
  if (MALFORMED_MULTIPART.test(err.message))
    return new BeatwiseError(
      'upload.malformed',
      `the upload is not well-formed multipart/form-data (${err.message}): it was cut short or its boundary is missing; send it again as multipart/form-data with a field named "file"`,
    );
  return null;
}

function mediaTypeOf(message: string): string {
  return /media type:? ?'?([^'\s]+)'?/i.exec(message)?.[1] ?? 'this';
}

/**
 * Fastify's `frameworkErrors`: the router's own refusals (a malformed %-escape in the path, a path
 * part over 100 characters) answered in the API's error shape instead of Fastify's.
 */
export function routerErrorReply(err: { code?: string }, _req: FastifyRequest, reply: FastifyReply): void {
  const e =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new BeatwiseError(
          'http.url_too_long',
          'a part of the path is longer than 100 characters: no force, area or import id is that long',
        )
      : new BeatwiseError(
          'http.bad_url',
          'the path is not a valid URL: it holds a malformed %-escape (write % as %25)',
        );
  void reply
    .status(fixedStatus(e.code) ?? 400)
    .send({ error: { code: e.code, message: e.message, details: {} } });
}
