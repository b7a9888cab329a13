/** A catalogue's shape with every text widened to `string`: what a translation must provide. */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };
