import { Header } from '@nestjs/common';

/** The content type Fastify gives a body it serialises as JSON. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A response body serialised as JSON already (a cached page kept as text): sent as it is. */
export type JsonText = string & { readonly __jsonText: true };

/** Marks text as a JSON response body (the caller vouches that it is JSON.stringify's output). */
export function jsonText(text: string): JsonText {
  return text as JsonText;
}

/**
 * For a handler that returns a value or its JsonText: with the content type set to JSON's, Fastify sends a string as it
 * is and still serialises any other value, so both answer the same bytes and headers (an error body is serialised as
 * before).
 */
export const SendsJsonText = (): MethodDecorator => Header('Content-Type', JSON_CONTENT_TYPE);
