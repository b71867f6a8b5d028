import { injectable } from 'tsyringe';

/** The state behind `test://watched-resource`, shared by the resource and the tool that changes it. */
@injectable()
export class WatchedResource {
  static readonly URI = 'test://watched-resource';
  private version = 1;

  get content(): string {
    return `Watched resource content, version ${this.version}.`;
  }

  /** Moves to the next version and returns it. */
  touch(): number {
    return ++this.version;
  }
}
