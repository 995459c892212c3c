import { enMore } from './en-more';
import { addMessages } from './i18n';
import { ruMore } from './ru-more';

/**
 * Loading this module adds the messages of every screen outside the first load: app.tsx loads
 * it together with each such screen, so no screen renders before its words are there.
 */
addMessages({ ru: ruMore, en: enMore });
