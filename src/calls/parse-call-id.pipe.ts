import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** A Retell call id in a path (`call_abc123…`), else 400. */
@Injectable()
export class ParseCallIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    // Starts with a word character: `.` and `..` would walk Retell's URL paths.
    if (!/^\w[\w.:-]{0,199}$/.test(value)) throw new BadRequestException('call_id must be a Retell call id');
    return value;
  }
}
