import { IsString } from 'class-validator';
import { Description, Resource } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { RED_PIXEL_PNG } from './media';
import { WatchedResource } from './watched.resource';

class TemplateVariables {
  @IsString() @Description('Any identifier') id!: string;
}

const IDS = ['123', '456', '789'];

/** The `test://` resources the official conformance suite reads and subscribes to. */
@injectable()
export class ConformanceResources {
  constructor(private readonly watched: WatchedResource) {}

  @Resource('test://static-text', { name: 'static-text', mimeType: 'text/plain', description: 'A static text resource' })
  staticText(): string {
    return 'This is the content of the static text resource.';
  }

  @Resource('test://static-binary', { name: 'static-binary', mimeType: 'image/png', description: 'A static binary resource (a PNG)' })
  staticBinary(): Buffer {
    return RED_PIXEL_PNG;
  }

  @Resource('test://template/{id}/data', {
    name: 'template-data',
    mimeType: 'application/json',
    description: 'Data for any id (RFC 6570 template)',
    complete: { id: (typed) => IDS.filter((id) => id.startsWith(typed)) },
  })
  templateData({ id }: TemplateVariables): object {
    return { id, templateTest: true, data: `Data for ID: ${id}` };
  }

  @Resource(WatchedResource.URI, {
    name: 'watched-resource',
    mimeType: 'text/plain',
    description: 'A resource clients can subscribe to; test_update_watched_resource changes it',
  })
  watchedResource(): string {
    return this.watched.content;
  }
}
