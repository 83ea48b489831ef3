// https://registry.terraform.io/providers/coder/coder/latest/docs/data-sources/secret
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface DataCoderSecretConfig extends cdktf.TerraformMetaArguments {
  /**
  * The environment variable name that this secret must inject (e.g. "MY_TOKEN"). Must be POSIX-compliant: start with a letter or underscore, followed by letters, digits, or underscores. Exactly one of `env` or `file` must be set.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/coder/coder/latest/docs/data-sources/secret#env DataCoderSecret#env}
  */
  readonly env?: string;
  /**
  * The file path that this secret must inject (e.g. "~/my-token"). Must start with `~/` or `/`. Exactly one of `env` or `file` must be set.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/coder/coder/latest/docs/data-sources/secret#file DataCoderSecret#file}
  */
  readonly file?: string;
  /**
  * Guidance shown to users when this secret requirement is not satisfied. Displayed on the create workspace page and in build failure logs.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/coder/coder/latest/docs/data-sources/secret#help_message DataCoderSecret#help_message}
  */
  readonly helpMessage: string;
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/coder/coder/latest/docs/data-sources/secret#id DataCoderSecret#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/coder/coder/latest/docs/data-sources/secret coder_secret}
*/
export class DataCoderSecret extends cdktf.TerraformDataSource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "coder_secret";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a DataCoderSecret resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the DataCoderSecret to import
  * @param importFromId The id of the existing DataCoderSecret that should be imported. Refer to the {@link https://registry.terraform.io/providers/coder/coder/latest/docs/data-sources/secret#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the DataCoderSecret to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "coder_secret", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/coder/coder/latest/docs/data-sources/secret coder_secret} Data Source
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DataCoderSecretConfig
  */
  public constructor(scope: Construct, id: string, config: DataCoderSecretConfig) {
    super(scope, id, {
      terraformResourceType: 'coder_secret',
      terraformGeneratorMetadata: {
        providerName: 'coder',
        providerVersionConstraint: '2.17.0'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._env = config.env;
    this._file = config.file;
    this._helpMessage = config.helpMessage;
    this._id = config.id;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // env - computed: false, optional: true, required: false
  private _env?: string; 
  public get env() {
    return this.getStringAttribute('env');
  }
  public set env(value: string) {
    this._env = value;
  }
  public resetEnv() {
    this._env = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get envInput() {
    return this._env;
  }

  // file - computed: false, optional: true, required: false
  private _file?: string; 
  public get file() {
    return this.getStringAttribute('file');
  }
  public set file(value: string) {
    this._file = value;
  }
  public resetFile() {
    this._file = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get fileInput() {
    return this._file;
  }

  // help_message - computed: false, optional: false, required: true
  private _helpMessage?: string; 
  public get helpMessage() {
    return this.getStringAttribute('help_message');
  }
  public set helpMessage(value: string) {
    this._helpMessage = value;
  }
  // Temporarily expose input value. Use with caution.
  public get helpMessageInput() {
    return this._helpMessage;
  }

  // id - computed: true, optional: true, required: false
  private _id?: string; 
  public get id() {
    return this.getStringAttribute('id');
  }
  public set id(value: string) {
    this._id = value;
  }
  public resetId() {
    this._id = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get idInput() {
    return this._id;
  }

  // value - computed: true, optional: false, required: false
  public get value() {
    return this.getStringAttribute('value');
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      env: cdktf.stringToTerraform(this._env),
      file: cdktf.stringToTerraform(this._file),
      help_message: cdktf.stringToTerraform(this._helpMessage),
      id: cdktf.stringToTerraform(this._id),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      env: {
        value: cdktf.stringToHclTerraform(this._env),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      file: {
        value: cdktf.stringToHclTerraform(this._file),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      help_message: {
        value: cdktf.stringToHclTerraform(this._helpMessage),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      id: {
        value: cdktf.stringToHclTerraform(this._id),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
