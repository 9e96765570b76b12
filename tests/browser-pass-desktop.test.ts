import { browserPass } from './support/browser-pass';

browserPass('desktop');
