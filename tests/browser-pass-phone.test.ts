import { browserPass } from './support/browser-pass';

browserPass('phone');
