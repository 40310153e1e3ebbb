import { PreferencesEntity } from '../preferences/preferences.entity';
import { ErasedProfileEntity } from '../profiles/erased-profile.entity';
import { ProfileEntity } from '../profiles/profile.entity';

/** Every entity of the user database (the schema itself comes from the migrations). */
export const USER_ENTITIES = [ProfileEntity, PreferencesEntity, ErasedProfileEntity];
