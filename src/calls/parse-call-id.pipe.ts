import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

// Starts with a word character: `.` and `..` would walk Retell's URL paths.
const CALL_ID = /^\w[\w.:-]{0,199}$/;

/** A Retell call id in a path (`call_abc123…`), else 400. */
@Injectable()
export class ParseCallIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CALL_ID.test(value)) throw new BadRequestException('call_id must be a Retell call id');
    return value;
  }
}

/** Documents the `call_id` path parameter as {@link ParseCallIdPipe} accepts it. */
export const ApiCallIdParam = (): MethodDecorator =>
  ApiParam({
    name: 'call_id',
    schema: { type: 'string', pattern: CALL_ID.source, example: 'call_abc123xyz789' },
    description: "Retell's call id",
  });
