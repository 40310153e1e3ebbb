import { Injectable } from '@nestjs/common';

/** The time the e-mail scheduling sees: quiet hours, digest hours, retries. A seam so tests set "now" instead of sleeping. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
