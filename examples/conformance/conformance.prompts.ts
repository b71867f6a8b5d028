import { IsString } from 'class-validator';
import { Description, embeddedResource, image, Prompt, userMessage } from 'mcp-decorators';
import { injectable } from 'tsyringe';
import { RED_PIXEL_PNG } from './media';

class PromptArguments {
  @IsString() @Description('First test argument') arg1!: string;
  @IsString() @Description('Second test argument') arg2!: string;
}

class EmbeddedResourceArguments {
  @IsString() @Description('URI of the resource to embed') resourceUri!: string;
}

const SUGGESTIONS = ['paris', 'park', 'party', 'test', 'testing'];

/** The four prompts of the official conformance suite. */
@injectable()
export class ConformancePrompts {
  @Prompt({ name: 'test_simple_prompt', description: 'A simple prompt without arguments' })
  simple(): string {
    return 'This is a simple prompt for testing.';
  }

  @Prompt({
    name: 'test_prompt_with_arguments',
    description: 'A prompt with two required arguments',
    complete: { arg1: (typed) => SUGGESTIONS.filter((value) => value.startsWith(typed)) },
  })
  withArguments({ arg1, arg2 }: PromptArguments): string {
    return `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`;
  }

  @Prompt({ name: 'test_prompt_with_embedded_resource', description: 'A prompt that embeds a resource' })
  withEmbeddedResource({ resourceUri }: EmbeddedResourceArguments) {
    return [
      userMessage(embeddedResource(resourceUri, 'Embedded resource content for testing.', 'text/plain')),
      userMessage('Please process the embedded resource above.'),
    ];
  }

  @Prompt({ name: 'test_prompt_with_image', description: 'A prompt with image content' })
  withImage() {
    return [userMessage(image(RED_PIXEL_PNG, 'image/png')), userMessage('Please analyze the image above.')];
  }
}
