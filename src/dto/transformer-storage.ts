import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

/**
 * class-transformer's metadata (`@Type`, `@Expose`, `@Transform`...), read where it lives: the
 * package exports no accessor, so this is the one place that reaches into its private path.
 */
export const transformerStorage: MetadataStorage = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage })
  .defaultMetadataStorage;
