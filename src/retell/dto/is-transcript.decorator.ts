import { registerDecorator } from 'class-validator';
import { isRecord, UTTERANCE_ROLES } from '../retell-call-object.js';

const ROLES: ReadonlySet<unknown> = new Set(UTTERANCE_ROLES);

const optional = (value: unknown, type: 'string' | 'number'): boolean =>
  value === undefined ||
  (type === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === type);

function isWord(value: unknown): boolean {
  return (
    isRecord(value) &&
    optional(value.word, 'string') &&
    optional(value.start, 'number') &&
    optional(value.end, 'number')
  );
}

function isUtterance(value: unknown): boolean {
  return (
    isRecord(value) &&
    ROLES.has(value.role) &&
    typeof value.content === 'string' &&
    Array.isArray(value.words) &&
    value.words.every(isWord)
  );
}

/**
 * Retell's `transcript_object` (retell-sdk `PhoneCallResponse.TranscriptObject[]`): utterances of
 * `{ role, content, words: [{ word?, start?, end? }] }`. Other keys of an utterance or a word are
 * let through, as Retell may add some; the shape the API promises is checked.
 */
export function IsTranscript(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTranscript',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.every(isUtterance),
        defaultMessage: () =>
          `${String(propertyName)} must be a list of utterances { role: ${UTTERANCE_ROLES.join(' | ')}, content, words: [{ word, start, end }] }`,
      },
    });
}
