import { IsInt, IsString, IsUUID, MaxLength, Min } from 'class-validator';

/**
 * The most UTF-8 bytes of a part's JSON text one event carries: a larger part is split over several events
 * (`chunk` 0 … `chunkCount` - 1), so no message grows with the amount of data a person has.
 */
export const PERSONAL_DATA_CHUNK_BYTES = 512 * 1024;

/**
 * One piece of one service's part of a personal data export. The part is a JSON object, section name -> content
 * (e.g. `{ "sessions": [...] }`); its text is cut into pieces of at most PERSONAL_DATA_CHUNK_BYTES, and the
 * consumer joins the pieces in `chunk` order before parsing. Shared by the `<service>.personal_data.exported` events.
 */
export class PersonalDataPartV1 {
  @IsUUID()
  readonly exportId!: string;

  @IsUUID()
  readonly userId!: string;

  /** 0-based position of this piece */
  @IsInt()
  @Min(0)
  readonly chunk!: number;

  /** how many pieces the part has (at least 1) */
  @IsInt()
  @Min(1)
  readonly chunkCount!: number;

  /** this piece of the part's JSON text */
  @IsString()
  @MaxLength(PERSONAL_DATA_CHUNK_BYTES)
  readonly content!: string;
}
