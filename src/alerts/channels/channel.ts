/** What an alert channel is: the secret variable that turns it on, and its messages laid out as it takes them. */
import type { ChannelVariable } from '../../config/channels.ts';
import type { AlertMessage } from '../message.ts';

export interface Channel<Variable extends ChannelVariable = ChannelVariable> {
  /** Declared, with what the channel is, in `src/config/channels.ts`. */
  readonly variable: Variable;
  /** The JSON body the channel's webhook takes for one message. */
  readonly payload: (message: AlertMessage) => unknown;
}
